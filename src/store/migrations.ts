// Forward-only schema migrations, bundled with the code. Never edit a released one: add a new one.
import { type Kysely, type Migration, sql } from 'kysely';
import { GENESIS, eventHash } from '../domain/chain.js';
import { nameWords, phoneKey } from '../domain/search.js';
import { ddlOf, engineOf } from './engine.js';

/** The columns of the report's index as 009 made it. */
const REPORT_INDEX_COLUMNS = ['office', 'registered_at', 'state', 'decision', 'reason', 'deadline_at'] as const;

export const migrations: Record<string, Migration> = {
  '001_directory': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('offices')
        .addColumn('no', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('district', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('schedule', 'text', (c) => c.notNull())
        .addColumn('search_key', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('akimats')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('office', 'integer', (c) => c.notNull().references('offices.no'))
        .addColumn('no', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('website', 'text')
        .addColumn('email', 'text')
        .addColumn('phone', 'text')
        .addColumn('schedule', 'text', (c) => c.notNull())
        .addColumn('search_key', 'text', (c) => c.notNull())
        .addUniqueConstraint('akimats_office_no', ['office', 'no'])
        .execute();
    },
  },
  '002_staff': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('staff')
        .addColumn('login', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('office', 'integer', (c) => c.references('offices.no'))
        .addColumn('akimat', 'text', (c) => c.references('akimats.code'))
        .addColumn('os_user', 'text', (c) => c.unique())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '003_cases': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('cases')
        .addColumn('id', 'integer', ddlOf(db).id)
        .addColumn('regno', 'text', (c) => c.notNull().unique())
        .addColumn('office', 'integer', (c) => c.notNull().references('offices.no'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('akimat', 'text', (c) => c.references('akimats.code'))
        .addColumn('intake', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .addColumn('forwarded_at', 'text')
        .addColumn('clerk', 'text', (c) => c.notNull().references('staff.login'))
        .addColumn('iin', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('birth_date', 'text', (c) => c.notNull())
        .addColumn('sex', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('docs', 'text', (c) => c.notNull())
        .addColumn('missing_docs', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('resolution', 'text')
        .addColumn('executor', 'text', (c) => c.references('staff.login'))
        .addColumn('decision', 'text')
        .addColumn('reason', 'text')
        .addColumn('reason_text', 'text')
        .addColumn('signed_by', 'text', (c) => c.references('staff.login'))
        .addColumn('signed_at', 'text')
        .addColumn('issue_channel', 'text')
        .addColumn('issued_at', 'text')
        .addColumn('deadline_at', 'text')
        .addColumn('deadlines', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('cases_office_year_seq', ['office', 'year', 'seq'])
        .execute();
      await db.schema.createIndex('cases_state').on('cases').columns(['state', 'deadline_at']).execute();
      await db.schema.createIndex('cases_received').on('cases').columns(['office', 'received_at']).execute();
      await db.schema.createIndex('cases_registered').on('cases').columns(['registered_at']).execute();
      await db.schema.createIndex('cases_executor').on('cases').columns(['executor']).execute();
      await db.schema
        .createTable('events')
        .addColumn('id', 'integer', ddlOf(db).id)
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull().references('staff.login'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_case').on('events').columns(['case_id', 'id']).execute();
      // The history is append-only: the database itself refuses to change or remove an event.
      await ddlOf(db).appendOnly(db, 'events', 'events_no_update', 'events_no_delete');
      await db.schema
        .createTable('regno_counters')
        .addColumn('office', 'integer', (c) => c.notNull().references('offices.no'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('last', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('regno_counters_pk', ['office', 'year'])
        .execute();
      await db.schema
        .createTable('calendar_days')
        .addColumn('date', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('set_by', 'text', (c) => c.notNull())
        .addColumn('set_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '004_import_key': {
    async up(db: Kysely<unknown>) {
      // A re-run import must not register the same paper record twice.
      await db.schema.alterTable('cases').addColumn('import_key', 'text').execute();
      await db.schema.createIndex('cases_import_key').on('cases').column('import_key').unique().execute();
    },
  },
  '005_office_day': {
    async up(db: Kysely<unknown>) {
      // The language of the applicant's documents, chosen at registration.
      await db.schema.alterTable('cases').addColumn('doc_lang', 'text', (c) => c.notNull().defaultTo('ru')).execute();
      // The phone's last ten digits reversed, for a search that does not care how it was typed.
      await db.schema.alterTable('cases').addColumn('phone_key', 'text').execute();
      await db.schema.createIndex('cases_iin').on('cases').columns(['iin', 'state']).execute();
      await db.schema.createIndex('cases_phone').on('cases').column('phone_key').execute();
      await db.schema.createIndex('cases_office_registered').on('cases').columns(['office', 'registered_at']).execute();
      await db.schema.createIndex('cases_akimat_registered').on('cases').columns(['akimat', 'registered_at']).execute();
      // Every word of every applicant's name, folded and in Latin: a name search is a range scan
      // of this index, never a scan of the cases.
      await db.schema
        .createTable('case_words')
        .addColumn('word', 'text', (c) => c.notNull())
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addPrimaryKeyConstraint('case_words_pk', ['word', 'case_id'])
        .$call(ddlOf(db).clustered)
        .execute();
      await db.schema.createIndex('case_words_case').on('case_words').column('case_id').execute();
      const rows = await sql<{ id: number; name: string; phone: string | null }>`select id, name, phone from cases`.execute(db);
      for (const r of rows.rows) {
        for (const word of nameWords(r.name)) await sql`insert into case_words (word, case_id) values (${word}, ${r.id}) on conflict do nothing`.execute(db);
        const key = phoneKey(r.phone);
        if (key) await sql`update cases set phone_key = ${key} where id = ${r.id}`.execute(db);
      }
    },
  },
  '006_paper_no': {
    async up(db: Kysely<unknown>) {
      // The number a case had in the paper register it was imported from.
      await db.schema.alterTable('cases').addColumn('paper_no', 'text').execute();
    },
  },
  '007_trust': {
    async up(db: Kysely<unknown>) {
      // Settings of the database as a whole; `auth_mode` says who may act as whom. A database
      // upgraded from before this migration was open to anyone (--as was free): it stays `trust`
      // until an admin chooses, and says so on every command.
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into settings (key, value) values ('auth_mode', 'trust')`.execute(db);
      // Passwords (only a salted scrypt hash) and the lock after five wrong tries.
      await db.schema.alterTable('staff').addColumn('password_hash', 'text').execute();
      await db.schema.alterTable('staff').addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('staff').addColumn('locked_until', 'text').execute();
      // The history, rebuilt with its chain: the office whose chain an event belongs to (0: the
      // database as a whole), the previous event's hash and its own. Events without a case are
      // staff and settings changes.
      await db.schema
        .createTable('events_chained')
        .addColumn('id', 'integer', ddlOf(db).id)
        .addColumn('case_id', 'integer', (c) => c.references('cases.id'))
        .addColumn('office', 'integer', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull().references('staff.login'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('chain_heads')
        .addColumn('office', 'integer', (c) => c.primaryKey())
        .addColumn('event_id', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      const old = await sql<{ id: number; case_id: number; office: number; step: string; actor: string; at: string; details: string }>`
        select e.id, e.case_id, c.office, e.step, e.actor, e.at, e.details from events e join cases c on c.id = e.case_id order by e.id`.execute(db);
      const heads = new Map<number, { id: number; hash: string }>();
      for (const e of old.rows) {
        const prev = heads.get(e.office)?.hash ?? GENESIS;
        const hash = eventHash(prev, e);
        await sql`insert into events_chained (id, case_id, office, step, actor, at, details, prev_hash, hash)
          values (${e.id}, ${e.case_id}, ${e.office}, ${e.step}, ${e.actor}, ${e.at}, ${e.details}, ${prev}, ${hash})`.execute(db);
        heads.set(e.office, { id: e.id, hash });
      }
      for (const [office, h] of heads) await sql`insert into chain_heads (office, event_id, hash) values (${office}, ${h.id}, ${h.hash})`.execute(db);
      await sql`drop table events`.execute(db);
      await sql`alter table events_chained rename to events`.execute(db);
      await db.schema.createIndex('events_case').on('events').columns(['case_id', 'id']).execute();
      await db.schema.createIndex('events_office').on('events').columns(['office', 'id']).execute();
      await ddlOf(db).appendOnly(db, 'events', 'events_no_update', 'events_no_delete');
    },
  },
  '008_scale': {
    async up(db: Kysely<unknown>) {
      // Listings cost what they show (issue 10): each filter of `gasp cases`, `overdue` and `find`
      // seeks an index that also gives the listing's order (newest registered first, or the
      // earliest deadline), so that a first page reads fifty entries however many cases there
      // are, for an admin (all offices), an office and an akimat alike. Which index drives a
      // listing is chosen in src/store/cases.ts (filtered), and test/plans.test.ts proves each.
      // Already there: (office, registered_at), (akimat, registered_at) and (registered_at) for
      // the plain lists and --date; (iin, state), (phone_key) and case_words for the searches.
      //
      // --state: by itself (an admin), within an office, within an akimat (only akimat cases).
      // A state is never null: `where state is not null` leaves these whole, and lets the planner
      // take them only for a query that names a state (never to list an office's cases in the
      // wrong order, which ANALYZE's statistics could otherwise make it prefer).
      await sql`create index cases_state_registered on cases (state, registered_at) where state is not null`.execute(db);
      await sql`create index cases_office_state on cases (office, state, registered_at) where state is not null`.execute(db);
      await sql`create index cases_akimat_state on cases (akimat, state, registered_at) where akimat is not null and state is not null`.execute(db);
      // --executor: one executor's cases are one office's, so a single index serves every scope;
      // the id after the time keeps the listing's order, and the office, akimat and state after
      // it check the scope and --state (and count them) without reading the cases.
      await sql`create index cases_executor_registered on cases (executor, registered_at, id, office, akimat, state) where executor is not null`.execute(db);
      // Overdue: only the cases in work have a deadline (a closed case's is null), so these are
      // small whatever the history holds. The id after the deadline keeps `overdue`'s order;
      // the registration time sorts `cases --overdue` newest first, and the state and the
      // executor check --state and --executor, without reading the cases.
      await sql`create index cases_overdue on cases (deadline_at, id, registered_at, state, executor) where deadline_at is not null`.execute(db);
      await sql`create index cases_office_overdue on cases (office, deadline_at, id, registered_at, state, executor) where deadline_at is not null`.execute(db);
      await sql`create index cases_akimat_overdue on cases (akimat, deadline_at, id, registered_at, state, executor)
        where akimat is not null and deadline_at is not null`.execute(db);
      // Made useless by the above: (state, deadline_at) by the overdue and state indexes,
      // (executor) by the executor's, and (office, received_at), which no query ever used.
      await sql`drop index cases_state`.execute(db);
      await sql`drop index cases_executor`.execute(db);
      await sql`drop index cases_received`.execute(db);
      // A name search reads the name words, and a common surname is thousands of cases: each word
      // now carries its case's registration time, office and akimat, so that the scope is
      // checked, the page ordered and the total counted from the words alone, not from thousands
      // of cases read one by one. A writer that leaves them out (an older path, a bulk import)
      // has them filled by a trigger; a case's change of them (none today) is carried over.
      if (engineOf(db) === 'postgres') {
        // (A PostgreSQL database is new here: its words gain the columns in place.)
        await sql`alter table case_words add column registered_at text, add column office integer, add column akimat text`.execute(db);
      } else {
        // (The text as the first version of this migration stored it in the schema.)
        await sql`create table case_words_scoped (
        word text not null, case_id integer not null references cases (id),
        registered_at text, office integer, akimat text,
        constraint case_words_pk primary key (word, case_id)) without rowid`.execute(db);
        await sql`insert into case_words_scoped (word, case_id, registered_at, office, akimat)
          select w.word, w.case_id, c.registered_at, c.office, c.akimat from case_words w join cases c on c.id = w.case_id
          order by w.word, w.case_id`.execute(db);
        await sql`drop table case_words`.execute(db);
        await sql`alter table case_words_scoped rename to case_words`.execute(db);
        await db.schema.createIndex('case_words_case').on('case_words').column('case_id').execute();
      }
      // "N in all" of the plain lists and of --state and --office: the cases by office, akimat
      // ('' for none) and state, kept by triggers whatever writes the cases (a move, an
      // import, a correction), so that the total is a sum of a few rows, not a count of a
      // million index entries.
      await sql.raw(`create table case_counts (
        office integer not null, akimat text not null, state text not null, n integer not null,
        primary key (office, akimat, state)) ${ddlOf(db).clusteredSql}`).execute(db);
      await sql`insert into case_counts (office, akimat, state, n)
        select office, coalesce(akimat, ''), state, count(*) from cases group by 1, 2, 3`.execute(db);
      // The triggers that keep the words' scope and the counts (src/store/engine.ts).
      await ddlOf(db).keptBesideCases(db);
    },
  },
  '009_report': {
    async up(db: Kysely<unknown>) {
      // The time each step of a case took (milliseconds), beside the case, so that the report's
      // medians are read from one range per office and period and never from the events. A
      // step's time runs from the case's previous event that is not a print (or an edit) to the
      // event that completes it; the registration's from receipt to registration. A step done
      // again (a draft after a return) keeps its first time in case_steps, the others in
      // step_repeats.
      await db.schema
        .createTable('case_steps')
        .addColumn('office', 'integer', (c) => c.notNull())
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .addColumn('case_id', 'integer', (c) => c.notNull())
        .addColumn('register_ms', ddlOf(db).millis)
        .addColumn('forward_ms', ddlOf(db).millis)
        .addColumn('assign_ms', ddlOf(db).millis)
        .addColumn('review_ms', ddlOf(db).millis)
        .addColumn('draft_ms', ddlOf(db).millis)
        .addColumn('sign_ms', ddlOf(db).millis)
        .addColumn('issue_ms', ddlOf(db).millis)
        .addPrimaryKeyConstraint('case_steps_pk', ['office', 'registered_at', 'case_id'])
        .$call(ddlOf(db).clustered)
        .execute();
      await db.schema
        .createTable('step_repeats')
        .addColumn('office', 'integer', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .addColumn('event_id', 'integer', (c) => c.notNull())
        .addColumn('ms', ddlOf(db).millis, (c) => c.notNull())
        .addPrimaryKeyConstraint('step_repeats_pk', ['office', 'step', 'registered_at', 'event_id'])
        .$call(ddlOf(db).clustered)
        .execute();
      const d = ddlOf(db);
      await sql`create temp table step_ms as
        with timed as (
          -- Read in the order written and sorted once: through the index of cases, every event
          -- would be a seek of its own.
          select id, case_id, step, at, lag(at) over (partition by case_id order by id) as prev_at
          from events ${sql.raw(d.notIndexed)} where case_id is not null and step not in ('print', 'edit')
        ), durations as (
          select t.case_id, t.id as event_id,
            case when t.prev_at is null then 'register' else t.step end as step,
            case when t.prev_at is null
              then ${sql.raw(d.atLeastZero(d.millisBetween('c.received_at', 'c.registered_at')))}
              else ${sql.raw(d.millisBetween('t.prev_at', 't.at'))} end as ms
          from timed t join cases c on c.id = t.case_id
          where t.prev_at is null or t.step in ('register', 'forward', 'assign', 'review', 'draft', 'sign', 'issue')
        )
        select case_id, event_id, step, ms, row_number() over (partition by case_id, step order by event_id) as k
        from durations where ms is not null or step = 'register'`.execute(db);
      await sql`insert into case_steps (office, registered_at, case_id, register_ms, forward_ms, assign_ms, review_ms, draft_ms, sign_ms, issue_ms)
        select c.office, c.registered_at, d.case_id, d.register_ms, d.forward_ms, d.assign_ms, d.review_ms, d.draft_ms, d.sign_ms, d.issue_ms
        from (
          select case_id,
            max(case when step = 'register' then ms end) as register_ms, max(case when step = 'forward' then ms end) as forward_ms,
            max(case when step = 'assign' then ms end) as assign_ms, max(case when step = 'review' then ms end) as review_ms,
            max(case when step = 'draft' then ms end) as draft_ms, max(case when step = 'sign' then ms end) as sign_ms,
            max(case when step = 'issue' then ms end) as issue_ms
          from ${sql.raw(d.temp('step_ms'))} where k = 1 group by case_id
        ) d join cases c on c.id = d.case_id`.execute(db);
      await sql`insert into step_repeats (office, step, registered_at, event_id, ms)
        select c.office, t.step, c.registered_at, t.event_id, t.ms from ${sql.raw(d.temp('step_ms'))} t join cases c on c.id = t.case_id
        where t.k > 1 and t.ms is not null`.execute(db);
      await sql`drop table ${sql.raw(d.temp('step_ms'))}`.execute(db);
      // The report's counts per office and period read this index alone, never the cases.
      await db.schema.createIndex('cases_report').on('cases').columns([...REPORT_INDEX_COLUMNS]).execute();
    },
  },
  '010_roles': {
    async up(db: Kysely<unknown>) {
      // One oblast database, many offices (issue 11): on PostgreSQL each member logs in as a role
      // of their own, a member of the group gasp_staff, and row-level security shows and lets
      // them write only their office's cases (an akimat user: the akimat's; an admin: all); the
      // history takes no UPDATE or DELETE from any gasp role. Nothing on SQLite.
      await ddlOf(db).rowSecurity(db);
    },
  },
  '011_report_id': {
    async up(db: Kysely<unknown>) {
      // The report's refusals by reason name each reason's first case: on PostgreSQL its id
      // comes from the index too (an index-only scan, not every refused case's row). Nothing on
      // SQLite, whose indexes hold the rowid.
      await ddlOf(db).reportIndexWithId(db);
    },
  },
  '012_member_roles': {
    async up(db: Kysely<unknown>) {
      // Members' login roles are made and changed through the owner's functions: no admin needs
      // CREATEROLE (src/store/security.ts). Nothing on SQLite.
      await ddlOf(db).memberRoleFunctions(db);
    },
  },
  '013_determination': {
    async up(db: Kysely<unknown>) {
      // Step 3 (issue 12): the family and its incomes as the executor records them, the poverty
      // lines an admin sets, and on the case the determination (its figures as JSON) and what a
      // grant drafted from it pays. Money is integer tiyn.
      await db.schema
        .createTable('family_members')
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addColumn('iin', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('relation', 'text', (c) => c.notNull())
        .addColumn('birth_date', 'text', (c) => c.notNull())
        .addColumn('sex', 'text', (c) => c.notNull())
        .addColumn('employment', 'text')
        .addColumn('exempt_reason', 'text')
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('family_members_pk', ['case_id', 'iin'])
        .execute();
      // Once a quarter: a member's ИИН is looked for in other cases' families.
      await db.schema.createIndex('family_members_iin').on('family_members').column('iin').execute();
      await db.schema
        .createTable('income_lines')
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addColumn('no', 'integer', (c) => c.notNull())
        .addColumn('iin', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('amount_tiyn', 'bigint', (c) => c.notNull())
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('income_lines_pk', ['case_id', 'no'])
        .execute();
      await db.schema
        .createTable('poverty_lines')
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('quarter', 'integer', (c) => c.notNull())
        .addColumn('line_tiyn', 'bigint', (c) => c.notNull())
        .addColumn('subsistence_tiyn', 'bigint')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('set_by', 'text', (c) => c.notNull())
        .addColumn('set_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('poverty_lines_pk', ['region', 'year', 'quarter'])
        .execute();
      for (const [column, type] of [
        ['employment', 'text'],
        ['exempt_reason', 'text'],
        ['determination', 'text'],
        ['override_comment', 'text'],
        ['grant_members', 'integer'],
        ['grant_monthly_tiyn', 'bigint'],
        ['grant_months', 'integer'],
        ['grant_total_tiyn', 'bigint'],
      ] as const) {
        await db.schema.alterTable('cases').addColumn(column, type).execute();
      }
      // The report sums what was granted from the same index it counts from.
      await ddlOf(db).reportIndex(db, [...REPORT_INDEX_COLUMNS, 'grant_members', 'grant_total_tiyn']);
      await ddlOf(db).determinationSecurity(db);
    },
  },
};

export const migrationNames = Object.keys(migrations);
export const latestMigration = migrationNames[migrationNames.length - 1]!;
