// Where the project's own files are at run time: data/ and templates/ beside dist/ (or src/).
import path from 'node:path';

export const projectRoot = path.resolve(__dirname, '..');
export const dataDir = path.join(projectRoot, 'data');
export const shippedTemplatesDir = path.join(projectRoot, 'templates');

/** An office may keep its edited templates outside the install (GASP_TEMPLATES): a file found
 * there wins over the shipped one, so an upgrade never overwrites the office's wording. */
export function templateDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  return env.GASP_TEMPLATES ? [path.resolve(env.GASP_TEMPLATES), shippedTemplatesDir] : [shippedTemplatesDir];
}
