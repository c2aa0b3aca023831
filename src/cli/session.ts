// What the case commands share: the actor, the rules in force, printing a case.
import type { Actor } from '../services/staff.js';
import type { CaseView, Env } from '../services/cases.js';
import { limits, loadCalendar } from '../services/reference.js';
import type { Db } from '../store/db.js';
import type { DocLang } from '../documents/template.js';
import type { Context } from './context.js';
import { printCase, printMoved } from './render/case.js';
import { printJson } from './render/output.js';

export interface Session {
  db: Db;
  actor: Actor;
  env: Env;
}

/** Opens the database and resolves who is acting; every case command starts here. */
export async function session(ctx: Context): Promise<Session> {
  const { db } = await ctx.store();
  const actor = await ctx.actor(db);
  return { db, actor, env: await ruleEnv(ctx, db) };
}

export async function ruleEnv(ctx: Context, db: Db): Promise<Env> {
  return { now: ctx.now(), calendar: await loadCalendar(db), limits: limits() };
}

/** Documents exist in Russian and Kazakh; English messages print Russian documents. */
export function docLang(ctx: Context): DocLang {
  return ctx.lang === 'kk' ? 'kk' : 'ru';
}

/** The language asked for a case's document by --lang, if any: else the case's own is used. */
export function askedDocLang(ctx: Context): DocLang | undefined {
  return ctx.options.lang === undefined ? undefined : docLang(ctx);
}

/** A case after a move: the JSON object, or the case card on a terminal. */
export function showCase(ctx: Context, view: CaseView, now: Date, withHistory = false): void {
  if (ctx.json) return printJson(ctx, view);
  printCase(ctx, view, now, withHistory);
}

/** Runs one move of the procedure and reports the case: JSON, or one line and its new deadline. */
export async function runStep(ctx: Context, move: (s: Session) => Promise<CaseView>): Promise<CaseView> {
  const s = await session(ctx);
  const view = await move(s);
  if (ctx.json) printJson(ctx, view);
  else printMoved(ctx, view, s.env.now);
  return view;
}
