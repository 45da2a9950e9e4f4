import type { Rng } from './rng';

/** Word lists for filler text that reads like released government and court documents. */
const COMMON = (
  'the the the of of of and and and to to to a a in in is was for that on with as by at from this be are ' +
  'which or an have it not were but had has been their they his her its would will there all any may such ' +
  'also other into than more about after before during under upon these those who when where whether'
).split(' ');

const CONTENT = (
  'information source investigation subject office agent report meeting request records interview review ' +
  'statement individual department agency bureau division matter program activity contact documents ' +
  'operation security analysis official government investigation committee counsel attorney defendant ' +
  'plaintiff court motion order evidence witness testimony memorandum communication telephone facility ' +
  'personnel classified material foreign intelligence surveillance station headquarters liaison assessment ' +
  'financial transaction account payment contract release disclosure exemption privacy confidential ' +
  'indicated advised stated reported requested provided identified determined furnished described ' +
  'approximately following previously subsequently additional available current specific particular ' +
  'regarding concerning pursuant relevant appropriate necessary possible significant certain several ' +
  'organization association representative employee residence vehicle location address travel meeting ' +
  'country embassy consulate minister ambassador administration policy procedure regulation authority ' +
  'project budget schedule status issue question response comment draft final copy attached enclosed'
).split(/\s+/);

const FIRST = (
  'John James Robert Michael William David Richard Joseph Thomas Charles Mary Patricia Linda Barbara ' +
  'Elizabeth Susan Margaret Dorothy Helen Donald George Kenneth Steven Edward Brian Ronald Anthony Kevin ' +
  'Jason Jeffrey Frank Carol Sandra Ruth Sharon Michelle Laura Sarah Karen Nancy Betty Lisa Anna Paul Mark'
).split(/\s+/);

const LAST = (
  'Smith Johnson Williams Brown Jones Miller Davis Garcia Wilson Anderson Taylor Thomas Moore Martin ' +
  'Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green ' +
  'Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins ' +
  'Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Kelly Howard Ward Cox Richardson'
).split(/\s+/);

const PLACES = (
  'Washington Chicago New_York Los_Angeles Miami Dallas Boston Denver Atlanta Seattle Baltimore Richmond ' +
  'Houston Phoenix Detroit Cleveland Norfolk Honolulu Mexico_City Berlin Paris London Rome Tokyo Moscow'
)
  .split(/\s+/)
  .map((p) => p.replace('_', ' '));

const MONTHS = 'January February March April May June July August September October November December'.split(' ');

export const AGENCIES = [
  'FEDERAL BUREAU OF INVESTIGATION',
  'CENTRAL INTELLIGENCE AGENCY',
  'DEPARTMENT OF STATE',
  'DEPARTMENT OF JUSTICE',
  'DEPARTMENT OF DEFENSE',
  'NATIONAL SECURITY COUNCIL',
  'DEPARTMENT OF HOMELAND SECURITY',
  'OFFICE OF THE INSPECTOR GENERAL',
  'DEPARTMENT OF THE TREASURY',
  'UNITED STATES ATTORNEY',
];

export const EXEMPTION_CODES = [
  '(b)(6)',
  '(b)(7)(C)',
  '(b)(7)(D)',
  '(b)(7)(E)',
  '(b)(1)',
  '(b)(3)',
  '(b)(5)',
  '(b)(4)',
  'b6',
  'b7C',
  'b7D',
  'b7E',
  'b1',
  'b3',
  '3.5(c)',
  '1.4(c)',
  '1.4(d)',
  'B6',
  'B7(C)',
  '(b)(6), (b)(7)(C)',
  'b6 -1',
  'b7C -1',
  'b7D -2',
  'b7E -3',
];

/**
 * Short marks printed where exemption codes go (beside a box, in a margin) that are not codes:
 * line and paragraph numbers, enumerators, cross-references, initials, tallies. Hard negatives
 * for the `exemption_label` class, which otherwise learns "short text near a box".
 */
export const CODE_DECOYS = [
  '12',
  '7',
  '3.',
  '14.',
  '(a)',
  '(2)',
  '(ii)',
  '[1]',
  '#14',
  '1958',
  '6/4/79',
  'Yes',
  'No',
  'N/A',
  'x',
  'OK',
  'cc:',
  'See',
  'Id.',
  'Ex. 4',
  'Tab A',
  'p. 7',
  '\u00b6 12',
  'Encl.',
  'Att. 1',
  'JRS',
  'Rev.',
  'Copy',
  '2 of 5',
  'Sec. 8',
];

export function firstName(r: Rng): string {
  return r.pick(FIRST);
}

export function lastName(r: Rng): string {
  return r.pick(LAST);
}

export function fullName(r: Rng): string {
  return r.chance(0.25)
    ? `${firstName(r)} ${String.fromCharCode(65 + r.int(0, 25))}. ${lastName(r)}`
    : `${firstName(r)} ${lastName(r)}`;
}

export function place(r: Rng): string {
  return r.pick(PLACES);
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function date(r: Rng): string {
  const y = r.int(1958, 2022);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  switch (r.int(0, 3)) {
    case 0:
      return `${MONTHS[m - 1] ?? 'May'} ${d}, ${y}`;
    case 1:
      return `${pad(m, 2)}/${pad(d, 2)}/${y}`;
    case 2:
      return `${d} ${(MONTHS[m - 1] ?? 'May').slice(0, 3).toUpperCase()} ${String(y).slice(2)}`;
    default:
      return `${y}-${pad(m, 2)}-${pad(d, 2)}`;
  }
}

export function fileNumber(r: Rng): string {
  switch (r.int(0, 3)) {
    case 0:
      return `${r.int(1, 199)}-${r.pick(['HQ', 'WF', 'NY', 'LA', 'CG', 'MM'])}-${r.int(1000, 999999)}`;
    case 1:
      return `${r.pick(['C', 'F', 'EO'])}${r.int(10000000, 99999999)}`;
    case 2:
      return `${r.int(1, 9)}:${pad(r.int(10, 22), 2)}-cv-${pad(r.int(1, 9999), 5)}`;
    default:
      return `${r.int(62, 99)}-${r.int(100, 9999)}-${r.int(1, 99)}`;
  }
}

export function phone(r: Rng): string {
  return `(${r.int(201, 989)}) ${r.int(200, 999)}-${pad(r.int(0, 9999), 4)}`;
}

export function email(r: Rng): string {
  const dom = r.pick(['state.gov', 'fbi.gov', 'usdoj.gov', 'dhs.gov', 'mail.mil', 'treasury.gov', 'gmail.com']);
  return `${firstName(r).toLowerCase()}.${lastName(r).toLowerCase()}@${dom}`;
}

/** A token that documents typically redact: a name, number, date, address or e-mail. */
export function sensitive(r: Rng): string {
  switch (r.int(0, 6)) {
    case 0:
    case 1:
      return fullName(r);
    case 2:
      return phone(r);
    case 3:
      return date(r);
    case 4:
      return email(r);
    case 5:
      return `${r.int(10, 9999)} ${lastName(r)} ${r.pick(['Street', 'Avenue', 'Road', 'Drive', 'Place'])}`;
    default:
      return fileNumber(r);
  }
}

/** One sentence of memo-like filler text. */
export function sentence(r: Rng, minWords = 6, maxWords = 26): string {
  const n = r.int(minWords, maxWords);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    const roll = r.next();
    if (roll < 0.003) words.push(r.pick(['[REDACTED]', '[redacted]', '(b)(6)', '[***]']));
    else if (roll < 0.07) words.push(sensitive(r));
    else if (roll < 0.42) words.push(r.pick(COMMON));
    else words.push(r.pick(CONTENT));
    if (i > 2 && i < n - 2 && r.chance(0.07)) words[words.length - 1] += ',';
  }
  const first = words[0] ?? 'The';
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(' ') + (r.chance(0.93) ? '.' : r.pick([':', ';', '?']));
}

export function paragraph(r: Rng, minSentences = 2, maxSentences = 6): string {
  const n = r.int(minSentences, maxSentences);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(sentence(r));
  return out.join(' ');
}

/** A short title-like phrase, e.g. for headings and subject lines. */
export function phrase(r: Rng, minWords = 2, maxWords = 7): string {
  const n = r.int(minWords, maxWords);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(i % 3 === 1 && r.chance(0.4) ? r.pick(COMMON) : r.pick(CONTENT));
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}
