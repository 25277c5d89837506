import { lessonNamed, type LessonManifest } from '../../scripts/lib/course/catalog.js';

export type { LessonManifest };

/** A seed user as lesson.json lists it, from lesson 2 on: the login's name and password, the claims' id and role. */
export interface SeedUserRecord {
  id: string;
  name: string;
  role: string;
  password: string;
}

const manifests = new Map<string, LessonManifest>();

/**
 * lessons/<lesson>/lesson.json, the one place that names a lesson's namespace, routes and seed users:
 * the checks read them there, as the page and the bench do.
 */
export function manifestOf(lesson: string): LessonManifest {
  let manifest = manifests.get(lesson);
  if (!manifest) {
    manifest = lessonNamed(lesson)?.manifest;
    if (!manifest) throw new Error(`No lesson ${lesson} in lessons/ (each has a lesson.json)`);
    manifests.set(lesson, manifest);
  }
  return manifest;
}

/** The lesson's Socket.IO namespace (lesson.json: namespace). */
export function namespaceOf(lesson: string): string {
  const { namespace } = manifestOf(lesson);
  if (!namespace) throw new Error(`lessons/${lesson}/lesson.json names no namespace`);
  return namespace;
}

/** The lesson's seed users by name (lesson.json: users), each with the id, role and password the app seeds. */
export function seedUsersOf(lesson: string): Record<string, SeedUserRecord> {
  const users: Record<string, SeedUserRecord> = {};
  for (const { name, id, role, password } of manifestOf(lesson).users) {
    if (id === undefined || role === undefined || password === undefined)
      throw new Error(`lessons/${lesson}/lesson.json: the user ${name} needs an id, a role and a password`);
    users[name] = { id, name, role, password };
  }
  return users;
}
