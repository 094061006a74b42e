/**
 * The generated organisation: people by department with titles, managers, offices and account
 * ages; the approver, break-glass and team groups; and who is eligible for which role.
 */
import { DEPARTMENTS, OFFICES, type Department, type Office } from './catalog.js';
import { GIVEN_NAMES, SURNAMES } from './names.js';
import { Rng } from './prng.js';
import { roleByName, type ApproverGroup, type RoleSpec } from './roles.js';

export interface Person {
  index: number;
  id: string;
  givenName: string;
  surname: string;
  displayName: string;
  upn: string;
  mail: string;
  department: Department | null;
  jobTitle: string;
  rank: 'exec' | 'head' | 'manager' | 'staff' | 'breakglass';
  office: Office;
  manager: number | null;
  createdMs: number;
  eligible: RoleSpec[];
  /** How often this person activates, relative to colleagues. */
  activity: number;
}

export interface GroupSpec {
  id: string;
  displayName: string;
  description: string;
  members: number[];
}

export interface Org {
  domain: string;
  people: Person[];
  groups: GroupSpec[];
  approvers: Record<Exclude<ApproverGroup, null>, GroupSpec>;
  breakGlass: GroupSpec;
}

const DAY = 86400_000;
const TECHNICAL = new Set(['IT Operations', 'Identity & Access', 'Security Operations', 'Messaging & Collaboration', 'Service Desk']);

/** Head count per department: by weight, at least 3 in the technical ones and 1 elsewhere. */
function headCounts(total: number): number[] {
  const mins = DEPARTMENTS.map((d) => (TECHNICAL.has(d.name) ? 3 : 1));
  const spare = total - mins.reduce((a, b) => a + b, 0);
  if (spare < 0) throw new Error(`--users must be at least ${mins.reduce((a, b) => a + b, 0) + 3}`);
  const weight = DEPARTMENTS.reduce((s, d) => s + d.weight, 0);
  const exact = DEPARTMENTS.map((d) => (spare * d.weight) / weight);
  const counts = exact.map((x, i) => mins[i]! + Math.floor(x));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k++, left--) counts[order[k % order.length]![1]]! += 1;
  return counts;
}

function ascii(name: string): string {
  return name.normalize('NFKD').replace(/[^A-Za-z]/g, '').toLowerCase();
}

export function buildOrg(seed: string, users: number, domain: string, endMs: number): Org {
  const rng = new Rng(seed, 'people');
  const people: Person[] = [];
  const taken = new Set<string>();
  const officeWeights = OFFICES.map((o) => [o, o.weight] as const);

  const add = (p: Omit<Person, 'index' | 'id' | 'upn' | 'mail' | 'displayName' | 'eligible' | 'activity'> & { upn?: string; displayName?: string }): Person => {
    const local = p.upn ?? `${ascii(p.givenName).charAt(0)}${ascii(p.surname)}`;
    let suffix = '';
    for (let n = 2; taken.has(local + suffix); n++) suffix = String(n);
    taken.add(local + suffix);
    const upn = `${local}${suffix}@${domain}`;
    const person: Person = {
      ...p,
      index: people.length,
      id: rng.guid(),
      displayName: p.displayName ?? `${p.givenName} ${p.surname}`,
      upn,
      mail: p.upn ? upn : `${ascii(p.givenName)}.${ascii(p.surname)}${suffix}@${domain}`,
      eligible: [],
      activity: 0.3 + rng.next() * 1.7,
    };
    people.push(person);
    return person;
  };
  const name = () => ({ givenName: rng.pick(GIVEN_NAMES), surname: rng.pick(SURNAMES) });
  const created = (minDays: number, maxDays: number) => endMs - rng.int(minDays, maxDays) * DAY - rng.int(0, 86399) * 1000;

  const hq = OFFICES[0]!;
  for (const n of ['01', '02']) {
    add({ givenName: 'Break Glass', surname: n, displayName: `Break Glass ${n}`, upn: `breakglass${n}`, department: null, jobTitle: 'Break glass account', rank: 'breakglass', office: hq, manager: null, createdMs: created(900, 1500) });
  }
  const ceo = add({ ...name(), department: null, jobTitle: 'Chief Executive Officer', rank: 'exec', office: hq, manager: null, createdMs: created(1500, 2500) });

  const counts = headCounts(users - 3);
  DEPARTMENTS.forEach((dept, d) => {
    const size = counts[d]!;
    const office = rng.weighted(officeWeights);
    const head = add({ ...name(), department: dept, jobTitle: dept.head, rank: 'head', office, manager: ceo.index, createdMs: created(700, 2400) });
    const managers: Person[] = [];
    const managerCount = size >= 3 ? Math.max(1, Math.ceil((size - 1) / 10)) : 0;
    for (let i = 0; i < managerCount; i++) {
      managers.push(add({ ...name(), department: dept, jobTitle: dept.manager, rank: 'manager', office: rng.chance(0.7) ? office : rng.weighted(officeWeights), manager: head.index, createdMs: created(300, 2200) }));
    }
    for (let i = 1 + managerCount; i < size; i++) {
      // About one in a hundred joined in the last month.
      const fresh = rng.chance(0.01);
      add({
        ...name(),
        department: dept,
        jobTitle: rng.pick(dept.titles),
        rank: 'staff',
        office: rng.chance(0.75) ? office : rng.weighted(officeWeights),
        manager: managers.length > 0 ? rng.pick(managers).index : head.index,
        createdMs: fresh ? created(2, 30) : created(60, 2200),
      });
    }
  });

  assignEligibility(rng, people);
  const group = (displayName: string, description: string, members: Person[]): GroupSpec => ({ id: rng.guid(), displayName, description, members: [...new Set(members.map((p) => p.index))] });
  const inDept = (name: string, ranks: Person['rank'][]) => people.filter((p) => p.department?.name === name && ranks.includes(p.rank));
  const firstFew = (list: Person[], n: number) => list.slice(0, n);
  const identity = group('PIM Approvers - Identity', 'Approves tier-0 and identity roles', [
    ...inDept('Identity & Access', ['head']),
    ...firstFew(inDept('Identity & Access', ['manager']), 4),
    ...inDept('Security Operations', ['head']),
  ]);
  const security = group('PIM Approvers - Security', 'Approves security roles', [
    ...inDept('Security Operations', ['head']),
    ...firstFew(inDept('Security Operations', ['manager']), 5),
    ...inDept('Identity & Access', ['head']),
  ]);
  const service = group('PIM Approvers - Service Owners', 'Approves service admin roles', [
    ...inDept('IT Operations', ['head']),
    ...firstFew(inDept('IT Operations', ['manager']), 3),
    ...firstFew(inDept('Messaging & Collaboration', ['head', 'manager']), 3),
    ...firstFew(inDept('Service Desk', ['head', 'manager']), 3),
  ]);
  const breakGlass = group('Emergency Access Accounts', 'Emergency access accounts, excluded from conditional access', people.filter((p) => p.rank === 'breakglass'));
  const teams = DEPARTMENTS.map((d) => group(`${d.name} Team`, `Everyone in ${d.name}`, people.filter((p) => p.department === d)));
  return { domain, people, groups: [identity, security, service, breakGlass, ...teams], approvers: { identity, security, service }, breakGlass };
}

/** Who may activate what: by department and rank, with leaders holding the department's key roles. */
function assignEligibility(rng: Rng, people: Person[]): void {
  const leaderRoles: Record<string, string[]> = {
    'Identity & Access': ['Global Administrator', 'Privileged Role Administrator', 'User Administrator'],
    'Security Operations': ['Security Administrator', 'Global Reader'],
    'Service Desk': ['Helpdesk Administrator', 'User Administrator'],
    'Messaging & Collaboration': ['Exchange Administrator', 'Teams Administrator'],
    'IT Operations': ['Intune Administrator', 'Global Reader'],
  };
  for (const p of people) {
    if (!p.department) continue;
    const roles = new Set<string>();
    if ((p.rank === 'head' || p.rank === 'manager') && leaderRoles[p.department.name]) for (const r of leaderRoles[p.department.name]!) roles.add(r);
    if (p.rank !== 'head' || TECHNICAL.has(p.department.name)) {
      for (const [role, chance] of p.department.roles) if (rng.chance(chance)) roles.add(role);
    }
    p.eligible = [...roles].map(roleByName);
  }
}
