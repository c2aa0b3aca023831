// PostgreSQL's own guard of an oblast database (migration 010): the group role gasp_staff, the
// privileges gasp's commands need and no more, and row-level security that shows and lets write
// to each member only their office's cases (an akimat user: their akimat's; an admin: all), so
// that a clerk connected with psql sees exactly what gasp would show. Who is who is read from the
// staff table for the session's role (session_user) by functions that run as the owner.
//
// The database's owner (the role that ran the migrations: `gasp init` on the oblast's server, the
// tests, a demo) owns the tables and so is not subject to row-level security; a `trust` database
// connected as its owner sees everything, as a SQLite file does.
//
// A later migration that adds a table gasp writes must grant it to gasp_staff (and give it a
// policy if it holds a case's data).
import { sql, type Kysely } from 'kysely';
import { GaspError } from '../errors.js';

const GROUP = 'gasp_staff';

/** The tables of a case's data, each with its office and akimat columns. */
const CASE_TABLES = ['cases', 'case_words'];
/** Per-office tables without personal data: step times, counts, counters, chain heads. */
const OFFICE_TABLES = ['case_steps', 'step_repeats', 'case_counts', 'regno_counters', 'chain_heads'];
/** Everybody reads them, only an admin writes them. */
const ADMIN_TABLES = ['staff', 'settings', 'calendar_days', 'offices', 'akimats'];

export async function rowSecurity(db: Kysely<unknown>): Promise<void> {
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s;
  const path = `"${schema.replace(/"/g, '""')}", pg_temp`;
  const run = (text: string) => sql.raw(text).execute(db);

  // The group is the cluster's (many databases may share it): made once, by whoever gets there
  // first; an owner who may not create roles needs a superuser to make it beforehand.
  const group = await sql<{ exists: boolean; may: boolean }>`select
      exists (select 1 from pg_roles where rolname = ${GROUP}) as exists,
      (select rolcreaterole or rolsuper from pg_roles where rolname = current_user) as may`.execute(db);
  if (!group.rows[0]!.exists) {
    const me = (await sql<{ name: string }>`select current_user as name`.execute(db)).rows[0]!.name;
    if (!group.rows[0]!.may) throw new GaspError('db.pgNoGroup', { role: me, group: GROUP });
    await run(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = '${GROUP}') then
          begin create role ${GROUP} nologin; exception when duplicate_object or unique_violation then null; end;
        end if;
      end $$`);
  }

  // The member's scope, from the staff table as the owner reads it: an enabled admin sees all;
  // any other member their office; an akimat user only their akimat's cases.
  const definer = `language sql stable security definer set search_path = ${path}`;
  await run(`create or replace function gasp_scope_all() returns boolean ${definer} as $$
      select exists (select 1 from staff where login = session_user and disabled = 0 and role = 'admin') $$`);
  await run(`create or replace function gasp_scope_office() returns integer ${definer} as $$
      select office from staff where login = session_user and disabled = 0 and role <> 'admin' $$`);
  await run(`create or replace function gasp_scope_akimat() returns text ${definer} as $$
      select akimat from staff where login = session_user and disabled = 0 and role = 'akimat' $$`);
  // Inlined into each policy (plain SQL functions), each scope read once per statement (a
  // sub-select), so that the comparisons can use the tables' indexes.
  // Named with their schema: pg_dump reads the policies with an empty search_path.
  const q = `"${schema.replace(/"/g, '""')}"`;
  const all = `(select ${q}.gasp_scope_all())`;
  const office = `(select ${q}.gasp_scope_office())`;
  const akimat = `(select ${q}.gasp_scope_akimat())`;
  await run(`create or replace function gasp_sees(p_office integer, p_akimat text) returns boolean language sql stable as $$
      select ${all} or (${akimat} is null and p_office = ${office}) or p_akimat = ${akimat} $$`);
  await run(`create or replace function gasp_sees_event(p_office integer, p_case integer) returns boolean language sql stable as $$
      select ${all} or (${akimat} is null and p_office = ${office})
        or exists (select 1 from ${q}.cases c where c.id = p_case and c.akimat = ${akimat}) $$`);

  // One register for the oblast: registration looks for the same ИИН in every office, which a
  // member's own scope would hide; these see every office and tell only the case's number,
  // office, state (and signing time): nothing personal. Through the index on (iin, state).
  await run(`create or replace function gasp_open_cases(p_iins text[], p_closed text[], p_except integer)
      returns table (iin text, regno text, office integer, state text) ${definer} as $$
      select c.iin, c.regno, c.office, c.state from cases c
      where c.iin = any (p_iins) and c.state <> all (p_closed) and (p_except is null or c.id <> p_except)
      order by c.registered_at $$`);
  await run(`create or replace function gasp_grants_of_iin(p_iin text, p_states text[], p_from text, p_to text, p_except integer)
      returns table (regno text, office integer, state text, signed_at text) ${definer} as $$
      select c.regno, c.office, c.state, c.signed_at from cases c
      where c.iin = p_iin and c.decision = 'grant' and c.state = any (p_states) and c.signed_at >= p_from and c.signed_at < p_to
        and (p_except is null or c.id <> p_except)
      order by c.signed_at $$`);
  for (const f of ['gasp_scope_all()', 'gasp_scope_office()', 'gasp_scope_akimat()', 'gasp_open_cases(text[], text[], integer)', 'gasp_grants_of_iin(text, text[], text, text, integer)']) {
    await run(`revoke all on function ${f} from public`);
    await run(`grant execute on function ${f} to ${GROUP}`);
  }
  // The triggers that keep the words' scope and the counts write what a member may not write
  // (the counts) or read (another case's scope): they run as the owner.
  for (const f of ['gasp_case_words_fill()', 'gasp_case_words_follow()', 'gasp_case_counts()']) {
    await run(`alter function ${f} security definer set search_path = ${path}`);
  }

  // What the commands need, and no more.
  await run(`grant usage on schema "${schema.replace(/"/g, '""')}" to ${GROUP}`);
  await run(`grant select on all tables in schema "${schema.replace(/"/g, '""')}" to ${GROUP}`);
  await run(`grant usage, select on all sequences in schema "${schema.replace(/"/g, '""')}" to ${GROUP}`);
  await run(`grant insert, update on cases, case_steps, regno_counters, chain_heads, ${ADMIN_TABLES.join(', ')} to ${GROUP}`);
  await run(`grant insert, delete on case_words to ${GROUP}`);
  await run(`grant insert on events, step_repeats to ${GROUP}`);
  // The history is append-only for every gasp role (the trigger of 007 refuses it even to the owner).
  await run(`revoke update, delete, truncate on events from public, ${GROUP}`);

  for (const t of [...CASE_TABLES, 'events', ...OFFICE_TABLES, ...ADMIN_TABLES]) await run(`alter table ${t} enable row level security`);
  for (const t of CASE_TABLES) {
    await run(`create policy gasp_scope on ${t} to ${GROUP} using (${q}.gasp_sees(office, akimat)) with check (${q}.gasp_sees(office, akimat))`);
  }
  await run(`create policy gasp_read on events for select to ${GROUP} using (${q}.gasp_sees_event(office, case_id))`);
  // An event is written by its actor, and only into a chain the member may see.
  await run(`create policy gasp_append on events for insert to ${GROUP} with check (actor = session_user and ${q}.gasp_sees_event(office, case_id))`);
  for (const t of OFFICE_TABLES) {
    const own = `${all} or office = ${office}`;
    await run(`create policy gasp_scope on ${t} to ${GROUP} using (${own}) with check (${own})`);
  }
  for (const t of ADMIN_TABLES) {
    await run(`create policy gasp_read on ${t} for select to ${GROUP} using (true)`);
    await run(`create policy gasp_admin_insert on ${t} for insert to ${GROUP} with check (${all})`);
    await run(`create policy gasp_admin_update on ${t} for update to ${GROUP} using (${all}) with check (${all})`);
  }
}

/** Migration 012: members' login roles are made and changed only through functions that run as
 * the owner, so that no admin needs CREATEROLE — which before PostgreSQL 16 lets a role grant
 * itself any role but a superuser's (the owner's, pg_execute_server_program). Each function
 * checks its caller (an enabled admin of this database, the owner itself, or — for a password —
 * the member themself) and its target: a member on this database's staff list, with a plain
 * login role (no superuser, no CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS, not a predefined
 * pg_ role, not the owner, a member of no role but gasp_staff, with no members of its own, owning
 * nothing and holding no privilege of its own in any database), and for a change one already in
 * gasp_staff. Admins' CREATEROLE, given by the
 * first version of 010, is taken back. */
export async function memberRoleFunctions(db: Kysely<unknown>): Promise<void> {
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s;
  const path = `"${schema.replace(/"/g, '""')}", pg_temp`;
  const run = (text: string) => sql.raw(text).execute(db);
  const definer = `language plpgsql security definer set search_path = ${path}`;
  // A plain role has no powers of its own, belongs to no role but gasp_staff (another's powers
  // would come with it: the owner's, pg_execute_server_program), has no members of its own, and
  // owns nothing and holds no privilege of its own in any database of the cluster (another
  // application's role, whose password an admin could otherwise set).
  const plain = `not r.rolsuper and not r.rolcreaterole and not r.rolcreatedb and not r.rolreplication and not r.rolbypassrls
      and r.rolname !~ '^pg_' and r.rolname <> current_user
      and not exists (select 1 from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid and g.rolname <> '${GROUP}')
      and not exists (select 1 from pg_auth_members m where m.roleid = r.oid)
      and not exists (select 1 from pg_shdepend d where d.refclassid = 'pg_authid'::regclass and d.refobjid = r.oid and d.deptype in ('o', 'a', 'i', 'r'))`;
  const caller = `(session_user = current_user or exists (select 1 from staff where login = session_user and disabled = 0 and role = 'admin'))`;
  const member = `exists (select 1 from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid and g.rolname = '${GROUP}')
      and exists (select 1 from staff s where s.login = r.rolname)`;
  await run(`create or replace function gasp_member_role(p_login text, p_verifier text) returns text ${definer} as $$
    declare made text := 'existing';
    begin
      if not ${caller} then raise exception 'only an admin of this database manages login roles' using errcode = '42501'; end if;
      -- Only for a member on this database's staff list (added in the same transaction).
      if not exists (select 1 from staff where login = p_login) then
        raise exception 'role % is not a member''s login role', p_login using errcode = '42501';
      end if;
      if exists (select 1 from pg_roles r where r.rolname = p_login and not (${plain})) then
        raise exception 'role % is not a plain login role', p_login using errcode = '42501';
      end if;
      if not exists (select 1 from pg_roles where rolname = p_login) then
        begin
          if p_verifier is null then execute format('create role %I login', p_login);
          else execute format('create role %I login password %L', p_login, p_verifier); end if;
          made := 'created';
        exception when duplicate_object or unique_violation then null;
        end;
      end if;
      if not exists (select 1 from pg_auth_members m join pg_roles g on g.oid = m.roleid join pg_roles u on u.oid = m.member
                     where g.rolname = '${GROUP}' and u.rolname = p_login) then
        begin execute format('grant ${GROUP} to %I', p_login);
        exception when duplicate_object or unique_violation then null;
        end;
      end if;
      return made;
    end $$`);
  await run(`create or replace function gasp_member_login(p_login text, p_on boolean) returns void ${definer} as $$
    begin
      if not ${caller} then raise exception 'only an admin of this database manages login roles' using errcode = '42501'; end if;
      if not exists (select 1 from pg_roles r where r.rolname = p_login and ${plain} and ${member}) then
        raise exception 'role % is not a member''s login role', p_login using errcode = '42501';
      end if;
      execute format('alter role %I %s', p_login, case when p_on then 'login' else 'nologin' end);
    end $$`);
  await run(`create or replace function gasp_member_password(p_login text, p_verifier text) returns void ${definer} as $$
    begin
      if session_user <> p_login and not ${caller} then raise exception 'only an admin of this database sets another''s password' using errcode = '42501'; end if;
      if not exists (select 1 from pg_roles r where r.rolname = p_login and ${plain} and ${member}) then
        raise exception 'role % is not a member''s login role', p_login using errcode = '42501';
      end if;
      execute format('alter role %I password %L', p_login, p_verifier);
    end $$`);
  for (const f of ['gasp_member_role(text, text)', 'gasp_member_login(text, boolean)', 'gasp_member_password(text, text)']) {
    await run(`revoke all on function ${f} from public`);
    await run(`grant execute on function ${f} to ${GROUP}`);
  }
  // Admins made by the first version of 010 may create roles: no longer.
  await run(`do $$ declare a text; begin
      for a in select r.rolname from pg_roles r join staff s on s.login = r.rolname where r.rolcreaterole and not r.rolsuper and r.rolname <> current_user loop
        begin execute format('alter role %I nocreaterole', a);
        exception when insufficient_privilege then null;
        end;
      end loop;
    end $$`);
}

/** Migration 013: the family and the incomes of a case are seen and written by whoever sees the
 * case (the policy reads the case under the member's own row-level security); the poverty lines
 * are everybody's to read and an admin's to set. */
export async function determinationSecurity(db: Kysely<unknown>): Promise<void> {
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s;
  const q = `"${schema.replace(/"/g, '""')}"`;
  const run = (text: string) => sql.raw(text).execute(db);
  const all = `(select ${q}.gasp_scope_all())`;
  await run(`grant select, insert, update, delete on family_members, income_lines to ${GROUP}`);
  await run(`grant select, insert, update on poverty_lines to ${GROUP}`);
  for (const t of ['family_members', 'income_lines', 'poverty_lines']) await run(`alter table ${t} enable row level security`);
  for (const t of ['family_members', 'income_lines']) {
    const theCase = `exists (select 1 from ${q}.cases c where c.id = case_id)`;
    await run(`create policy gasp_scope on ${t} to ${GROUP} using (${theCase}) with check (${theCase})`);
  }
  // Once a quarter, across the oblast: a family's ИИН among the applicants and the family members
  // of signed grants, told as the case's number and office only (as gasp_grants_of_iin does).
  const path = `${q}, pg_temp`;
  await run(`create or replace function gasp_grants_of_family(p_iins text[], p_states text[], p_except integer)
      returns table (iin text, regno text, office integer, received_at text) language sql stable security definer set search_path = ${path} as $$
      select c.iin, c.regno, c.office, c.received_at from cases c
        where c.iin = any (p_iins) and c.decision = 'grant' and c.state = any (p_states) and c.id <> p_except
      union all
      select f.iin, c.regno, c.office, c.received_at from family_members f join cases c on c.id = f.case_id
        where f.iin = any (p_iins) and c.decision = 'grant' and c.state = any (p_states) and c.id <> p_except $$`);
  await run(`revoke all on function gasp_grants_of_family(text[], text[], integer) from public`);
  await run(`grant execute on function gasp_grants_of_family(text[], text[], integer) to ${GROUP}`);
  await run(`create policy gasp_read on poverty_lines for select to ${GROUP} using (true)`);
  await run(`create policy gasp_admin_insert on poverty_lines for insert to ${GROUP} with check (${all})`);
  await run(`create policy gasp_admin_update on poverty_lines for update to ${GROUP} using (${all}) with check (${all})`);
}
