import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matches } from '../../src/sandbox/odata/evaluate.js';
import { FilterError, parseFilter } from '../../src/sandbox/odata/filter.js';
import { parseExpand, parseQuery, QueryError } from '../../src/sandbox/odata/options.js';

const audit = {
  id: 'PIM_1',
  activityDateTime: '2026-11-18T10:20:00Z',
  activityDisplayName: 'Add member to role requested (PIM activation)',
  loggedByService: 'PIM',
  initiatedBy: { user: { id: 'u1', userPrincipalName: 'Nwilke@contoso.example' }, app: null },
  targetResources: [
    { id: 'role-1', type: 'Role' },
    { id: 'u1', type: 'User' },
  ],
  count: 3,
  isPrivileged: true,
  status: 'PendingApproval',
};

const yes = (f: string, r: unknown = audit) => assert.equal(matches(parseFilter(f), r), true, f);
const no = (f: string, r: unknown = audit) => assert.equal(matches(parseFilter(f), r), false, f);

describe('OData $filter', () => {
  it('compares strings without regard to case, as Graph does for enums', () => {
    yes("status eq 'pendingapproval'");
    yes("loggedByService eq 'PIM' and status ne 'Denied'");
    no("status eq 'Provisioned'");
  });

  it('follows nested property paths', () => {
    yes("initiatedBy/user/id eq 'u1'");
    yes("startswith(initiatedBy/user/userPrincipalName, 'nwilke')");
    no("initiatedBy/app/appId eq 'x'");
    yes('initiatedBy/app eq null');
  });

  it('compares date-times, quoted or not', () => {
    yes('activityDateTime ge 2026-11-18T00:00:00Z');
    yes('activityDateTime lt 2026-11-19');
    no('activityDateTime gt 2026-11-18T10:20:00Z');
    yes("activityDateTime le '2026-11-18T10:20:00Z'");
    yes('activityDateTime ge 2026-11-18T11:20:00+01:00');
  });

  it('handles or, not, parentheses and precedence', () => {
    yes("status eq 'Denied' or status eq 'PendingApproval'");
    yes("(status eq 'Denied' or count gt 2) and isPrivileged eq true");
    no("status eq 'Denied' or count gt 2 and isPrivileged eq false");
    yes("not (status eq 'Denied')");
  });

  it('supports in, numbers and booleans', () => {
    yes("status in ('Granted', 'PendingApproval')");
    no("status in ('Granted')");
    yes('count ge 3 and count le 3 and count ne 4');
    yes('isPrivileged eq true');
  });

  it('supports any/all lambdas and functions', () => {
    yes("targetResources/any(t: t/id eq 'u1')");
    no("targetResources/any(t: t/id eq 'u2')");
    yes("targetResources/all(t: t/id ne 'u2')");
    yes('targetResources/any()');
    yes("contains(activityDisplayName, 'PIM activation')");
    yes("endswith(activityDisplayName, '(pim activation)')");
    yes("tolower(loggedByService) eq 'pim'");
  });

  it('accepts unquoted GUIDs and escaped quotes', () => {
    yes('roleDefinitionId eq 62e90394-69f5-4237-9190-012177145e10', { roleDefinitionId: '62E90394-69F5-4237-9190-012177145E10' });
    yes("justification eq 'it''s urgent'", { justification: "It's urgent" });
  });

  it('rejects malformed filters with a position', () => {
    assert.throws(() => parseFilter("status eq 'open"), FilterError);
    assert.throws(() => parseFilter('status eq'), FilterError);
    assert.throws(() => parseFilter("status eq 'a' and"), FilterError);
    assert.throws(() => parseFilter("(status eq 'a'"), FilterError);
    assert.throws(() => parseFilter('status # 1'), /position 7/);
    assert.throws(() => parseFilter('startswith(a)'), FilterError);
  });
});

describe('OData query options', () => {
  it('parses $expand with nested options', () => {
    assert.deepEqual(parseExpand('policy($expand=rules),steps'), [
      { name: 'policy', expand: [{ name: 'rules', expand: [] }] },
      { name: 'steps', expand: [] },
    ]);
    assert.deepEqual(parseExpand('manager($select=id,displayName)')[0]?.select, ['id', 'displayName']);
  });

  it('parses paging, ordering and counting', () => {
    const q = parseQuery(new URLSearchParams('$top=5&$skip=10&$orderby=createdDateTime desc,id&$count=true&$select=id,status'));
    assert.equal(q.top, 5);
    assert.equal(q.skip, 10);
    assert.deepEqual(q.orderby, [
      { path: 'createdDateTime', desc: true },
      { path: 'id', desc: false },
    ]);
    assert.equal(q.count, true);
    assert.deepEqual(q.select, ['id', 'status']);
  });

  it('refuses bad values as query errors', () => {
    assert.throws(() => parseQuery(new URLSearchParams('$top=x')), QueryError);
    assert.throws(() => parseQuery(new URLSearchParams('$orderby=a sideways')), QueryError);
    assert.throws(() => parseQuery(new URLSearchParams("$filter=a eq 'x")), /Invalid filter clause/);
  });
});
