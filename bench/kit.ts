// gasp's own code for the bench's database generator (bench/large-db.mjs), bundled from src on the
// fly with esbuild. The generator writes the cases with SQL, but every value gasp derives — a hash
// of the chain, a deadline on the working calendar, a registration number, a name's search words,
// a phone key, an ИИН's check digit, a case row as registration builds it — comes from the code
// itself, never from a copy of it; and the empty database (schema, directory, staff) is made by
// gasp's own store and services.
export { GENESIS, eventHash } from '../src/domain/chain.js';
export { WorkingCalendar } from '../src/domain/calendar.js';
export { addWorkingMinutes, deadlineFrom } from '../src/domain/deadlines.js';
export { iinCheckDigit, parseIin, withCheckDigit } from '../src/domain/iin.js';
export { CLOSED_STATES, MOVES, WAITING, currentStep } from '../src/domain/procedure.js';
export { foldName, foldText, nameWords, phoneKey } from '../src/domain/search.js';
export { addDays, atLocal, formatLocalIso, localDate, localMinutes, weekday } from '../src/domain/time.js';
export { formatRegno } from '../src/services/cases/views.js';
export { newCaseRow, validateApplicant } from '../src/services/cases/register.js';
export { openStore } from '../src/store/db.js';
export { writeTransaction } from '../src/store/tx.js';
export { seedReferenceData } from '../src/services/directory.js';
export { writeSetting } from '../src/services/auth.js';
export { addStaff, createFirstAdmin } from '../src/services/staff.js';
