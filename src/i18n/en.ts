// English, for administrators and developers.
import type { Catalog } from './index.js';

export const en: Catalog = {
  'error.internal': 'gasp internal error: {message}. Run with GASP_DEBUG=1 and report it to the developers.',
  'usage.lang': 'Language "{value}" is not supported: use ru, kk or en.',
  'usage.now': 'GASP_NOW "{value}" is not an ISO 8601 date and time, e.g. 2013-01-21T10:00:00+06:00.',
  'db.newer': 'The database {path} was made by a newer gasp (migration {migration}); this version knows migrations up to {latest}. Update gasp.',
  'db.url': 'Database address "{value}" is not supported: give the path of an SQLite file (PostgreSQL comes later).',
  'db.open': 'Cannot open the database {path}: {reason}.',
  'office.invalid': 'Office number "{value}" is invalid: give a number from 1 to {max}.',
  'office.notFound': 'There is no office number {value}: the number must be from 1 to {max}.',
  'akimat.invalid': 'Akimat code "{value}" is invalid: expected OO-NN (office number and row number), e.g. 15-03.',
  'akimat.notFound': 'There is no akimat {value}: for office {office} the codes run from {office}-01 to {office}-{last}.',
  'akimat.noneForOffice': 'Office {office} has no rural akimats in Appendix 2.',
  'search.none': 'Nothing found for "{query}".',
  'init.done': 'Database ready: {path} ({offices} offices, {akimats} akimats).',
  'col.no': 'No',
  'col.code': 'Code',
  'col.office': 'Office',
  'col.name': 'Name',
  'col.district': 'District',
  'col.address': 'Address',
  'col.website': 'Website',
  'col.email': 'E-mail',
  'col.phone': 'Phone',
  'col.schedule': 'Schedule',
};
