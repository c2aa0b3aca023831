// Where the project's own files are at run time: data/ and templates/ beside dist/ (or src/).
import path from 'node:path';

export const projectRoot = path.resolve(__dirname, '..');
export const dataDir = path.join(projectRoot, 'data');
export const templatesDir = path.join(projectRoot, 'templates');
