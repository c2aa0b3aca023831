// The use cases of the procedure, by what a user does: see the files of src/services/cases/.
export * from './cases/views.js';
export * from './cases/scope.js';
export * from './cases/register.js';
export * from './cases/moves.js';
export * from './cases/corrections.js';
export * from './cases/queries.js';
