import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coversAllDomains, domainOfText, ROLE_CATALOG, roleInfo, rolesForDomain } from '../../src/roles/index.js';

describe('role catalog', () => {
  it('has unique template ids and names', () => {
    assert.equal(new Set(ROLE_CATALOG.map((r) => r.templateId)).size, ROLE_CATALOG.length);
    assert.equal(new Set(ROLE_CATALOG.map((r) => r.displayName.toLowerCase())).size, ROLE_CATALOG.length);
  });
  it('finds roles by template id or display name, whatever the case', () => {
    assert.equal(roleInfo('62E90394-69F5-4237-9190-012177145E10')?.displayName, 'Global Administrator');
    assert.equal(roleInfo('exchange administrator')?.templateId, '29232cdf-9323-42fd-ade2-1d097af3e4de');
    assert.equal(roleInfo('Company Administrator')?.displayName, 'Global Administrator');
    assert.equal(roleInfo('no such role'), undefined);
  });
  it('puts the control plane in tier 0 and readers in tier 2', () => {
    for (const name of ['Global Administrator', 'Privileged Role Administrator', 'Privileged Authentication Administrator']) assert.equal(roleInfo(name)?.tier, 0);
    for (const name of ['Global Reader', 'Security Reader', 'Reports Reader']) assert.equal(roleInfo(name)?.tier, 2);
    assert.equal(roleInfo('Exchange Administrator')?.tier, 1);
  });
  it('reads the service a text is about', () => {
    assert.equal(domainOfText('Apply transport rule change for mail flow')[0]?.domain, 'exchange');
    assert.equal(domainOfText('Increase OneDrive storage quota')[0]?.domain, 'sharepoint');
    assert.equal(domainOfText('Re-register MFA phone method, FIDO2 key lost')[0]?.domain, 'authentication');
    assert.deepEqual(domainOfText('need access'), []);
  });
  it('lists the roles of a service, least privileged first', () => {
    const exchange = rolesForDomain('exchange').map((r) => r.displayName);
    assert.ok(exchange.includes('Exchange Administrator'));
    assert.ok(!exchange.includes('Global Administrator'));
    assert.ok(coversAllDomains(roleInfo('Global Administrator')!));
  });
});
