// The fast path on PostgreSQL: the pg client with rows as arrays, a cursor for long results
// (a few hundred rows a batch), statements prepared once per connection by name.
import type pg from 'pg';
import type Cursor from 'pg-cursor';
import type { Native, Prepared, Row } from './raw.js';

const BATCH = 500;

/** The store's statements write parameters `?` (Kysely's PostgreSQL queries come with $1…). */
export function placeholders(sql: string): string {
  if (/\$\d/.test(sql)) return sql;
  let n = 0;
  let quoted = false;
  let out = '';
  for (const c of sql) {
    if (c === "'") quoted = !quoted;
    out += c === '?' && !quoted ? `$${++n}` : c;
  }
  return out;
}

type Client = pg.PoolClient | pg.Client;
/** pg-cursor's class, which the opener loads with the driver. */
export type CursorClass = typeof Cursor;

/** The fast path over a pool of one connection. `client` is that connection once it exists:
 * used directly by a handle that holds it (a transaction), asked of the pool otherwise. */
export function postgresNative(pool: pg.Pool, client: () => Client | undefined, Cursor: CursorClass): Native {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) names.set(text, (name = `gasp_${names.size + 1}`));
    return name;
  };
  const make = (acquire: () => Promise<{ c: Client; release(): void }>): Native => {
    const query = async (text: string, values: readonly unknown[], name?: string) => {
      const { c, release } = await acquire();
      try {
        return await c.query({ text, values: values as unknown[], rowMode: 'array', ...(name ? { name } : {}) });
      } finally {
        release();
      }
    };
    return {
      async *batches(sql, parameters) {
        // The connection is held for the whole reading: the rows come as they are asked for.
        const { c, release } = await acquire();
        try {
          const cursor = c.query(new Cursor(placeholders(sql), parameters as unknown[], { rowMode: 'array' }));
          try {
            for (;;) {
              const batch = (await cursor.read(BATCH)) as Row[];
              if (!batch.length) return;
              yield batch;
            }
          } finally {
            await cursor.close();
          }
        } finally {
          release();
        }
      },
      async all(sql, parameters) {
        return (await query(placeholders(sql), parameters)).rows as Row[];
      },
      prepare(sql) {
        const text = placeholders(sql);
        const name = nameOf(text);
        const returning = /^\s*insert\b/i.test(text) ? `${text} returning id` : undefined;
        const p: Prepared = {
          run: async (params) => void (await query(text, params, name)),
          insert: async (params) => Number((await query(returning ?? text, params, returning ? `${name}_id` : name)).rows[0]?.[0]),
          first: async <T extends Row>(params: readonly unknown[]) => (await query(text, params, name)).rows[0] as T | undefined,
          all: async <T extends Row>(params: readonly unknown[]) => (await query(text, params, name)).rows as T[],
        };
        return p;
      },
      bulk: (fn) => fn(() => undefined),
    };
  };
  const pooled = make(async () => {
    const c = await pool.connect();
    return { c, release: () => c.release() };
  });
  const held = make(async () => ({ c: client()!, release: () => undefined }));
  return { ...pooled, held: () => held };
}
