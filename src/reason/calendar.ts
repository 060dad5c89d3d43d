import { readFileSync } from 'node:fs';
import { packagePath } from '../paths.js';

export type CalendarName = 'adopted' | 'amended';

interface CalendarEntry {
  label: string;
  basis: string;
  adopted: string | null;
  amended: string | null;
  adoptedNote?: string;
  amendedNote?: string;
  amendedLiteral?: string;
}

interface CalendarFile {
  default: CalendarName;
  entries: Record<string, CalendarEntry>;
}

export interface ResolvedDate {
  key: string;
  label: string;
  /** Date under the chosen calendar; null where the text leaves it unclear or the provision does not exist. */
  date: string | null;
  adopted: string | null;
  amended: string | null;
  note: string | null;
}

/** The two legal calendars, read from rules/calendar.json. */
export class Calendar {
  private readonly file: CalendarFile;

  constructor(path = packagePath('rules', 'calendar.json')) {
    this.file = JSON.parse(readFileSync(path, 'utf8')) as CalendarFile;
  }

  get defaultCalendar(): CalendarName {
    return this.file.default;
  }

  has(key: string): boolean {
    return key in this.file.entries;
  }

  keys(): string[] {
    return Object.keys(this.file.entries);
  }

  resolve(key: string, calendar: CalendarName): ResolvedDate {
    const e = this.file.entries[key];
    if (!e) throw new Error(`rules/calendar.json has no entry "${key}"`);
    const note = calendar === 'amended' ? e.amendedNote : e.adoptedNote;
    return { key, label: e.label, date: e[calendar], adopted: e.adopted, amended: e.amended, note: note ?? null };
  }

  /**
   * Whether something dated by `key` is in force on `at`. Null where the amended text leaves
   * the date unclear; false where the provision does not exist under that calendar.
   */
  inForceOn(key: string, calendar: CalendarName, at: string): boolean | null {
    const e = this.file.entries[key];
    if (!e) throw new Error(`rules/calendar.json has no entry "${key}"`);
    const date = e[calendar];
    if (date !== null) return at >= date;
    return calendar === 'amended' && e.amendedLiteral !== undefined ? null : false;
  }
}
