/**
 * What people ask to do, in their words, and the Entra resource actions that do it. This is the
 * task knowledge behind role recommendations; the roles themselves come from the tenant.
 */
import type { Domain } from '../roles/index.js';

export interface Capability {
  id: string;
  /** Plain words for a reason: "reset a user's MFA methods". */
  does: string;
  /** Words that say a task needs this; the longest match in a clause wins. */
  cue: RegExp;
  /** Any one of these actions is enough to do it. */
  actions: readonly string[];
  /** For tasks that only look: actions that read the same thing, and those words for a reason. */
  readActions?: readonly string[];
  reads?: string;
  /** The service it belongs to, when the tenant's roles carry no actions for it. */
  domain: Domain;
  /** About the whole tenant: only tenant-wide roles fit, never one service's administrator. */
  tenantWide?: boolean;
}

const D = 'microsoft.directory';

export const CAPABILITIES: readonly Capability[] = [
  { id: 'mfa', reads: "see a user's MFA and sign-in methods", does: "reset or change a user's MFA and sign-in methods", domain: 'authentication',
    cue: /\b(mfa|multi[- ]?factor|2fa|two[- ]factor|2-step|two[- ]step|authenticator( app)?|auth(?:entication)? methods?|sign[- ]?in methods?|security keys?|fido2?|passkeys?|temporary access pass(?:es)?|\btap\b|re-?register\w*|passwordless|windows hello|phone (?:number )?for (?:mfa|sign[- ]?in|verification)|new phone|lost (?:their |his |her )?phone|otp|one[- ]time (?:pass)?codes?)\b/,
    actions: [`${D}/users/authenticationMethods/update`, `${D}/users/authenticationMethods/create`, `${D}/users/authenticationMethods/delete`],
    readActions: [`${D}/users/authenticationMethods/standard/read`] },
  { id: 'password', does: "reset a user's password", domain: 'users',
    cue: /\b(passwords?|pwd|passcode|pass ?phrase|locked[- ]?out|lock[- ]?outs?|unlock\w*|forgot(?:ten)? (?:their |his |her |my )?(?:password|login|credentials))\b/,
    actions: [`${D}/users/password/update`] },
  { id: 'sessions', does: "sign a user out everywhere (revoke their sessions)", domain: 'users',
    cue: /\b(revoke (?:all )?(?:their |the |his |her |a user'?s )?(?:sessions?|tokens?|sign[- ]?ins?)|sign (?:them|him|her|the user|a user|someone|everyone) out|sign[- ]?out everywhere|refresh tokens?|invalidate (?:all )?(?:sessions?|tokens?)|kill (?:their |all )?sessions?)\b/,
    actions: [`${D}/users/invalidateAllRefreshTokens`] },
  { id: 'bitlocker', does: 'read BitLocker recovery keys', domain: 'devices',
    cue: /\b(bitlocker|recovery keys?)\b/,
    actions: [`${D}/bitlockerKeys/key/read`] },
  { id: 'create-user', does: 'create user accounts', domain: 'users',
    cue: /\b((?:create|add|make|set ?up|provision|onboard)\w* (?:a |an |new |the |some )*(?:users?|accounts?|employees?|hires?|starters?|joiners?|members? of staff|contractors?)|onboard\w*)\b/,
    actions: [`${D}/users/create`] },
  { id: 'delete-user', does: 'delete user accounts', domain: 'users',
    cue: /\b((?:delete|remove|offboard|deprovision|terminate|restore)\w* (?:a |an |the |some |old |deleted )*(?:users?|accounts?|employees?|leavers?|contractors?)|offboard\w*|leavers?)\b/,
    actions: [`${D}/users/delete`] },
  { id: 'block-user', does: "block or unblock a user's sign-in", domain: 'users',
    cue: /\b((?:block|unblock|disable|enable|re-?enable)\w* (?:the |a |an |their |his |her )?(?:sign[- ]?ins?|accounts?|users?|logins?))\b/,
    actions: [`${D}/users/disable`, `${D}/users/enable`] },
  { id: 'user-properties', does: "change a user's profile (job title, department, manager)", domain: 'users',
    cue: /\b(job titles?|departments?|managers?|display names?|office locations?|phone numbers? (?:on|of|in) (?:a |the )?(?:user|profile)|user (?:profiles?|propert\w+|attributes?|details))\b/,
    actions: [`${D}/users/basic/update`, `${D}/users/manager/update`] },
  { id: 'licenses', does: 'assign licences', domain: 'licensing',
    cue: /\b(licen[cs]\w*|usage locations?)\b/,
    actions: [`${D}/users/assignLicense`, `${D}/groups/assignLicense`] },
  { id: 'group-members', does: 'change group membership', domain: 'groups',
    cue: /\b((?:add|remove|put|move)\w* [^,;.]{0,40}\b(?:to|from|into|in|out of) (?:a |the |an |this |that |their |our )?(?:\w+ )?groups?|group members(?:hip)?s?|members? of (?:a |the )?(?:\w+ )?groups?|dynamic (?:group|membership) rules?)\b/,
    actions: [`${D}/groups/members/update`] },
  { id: 'groups', does: 'create and delete groups', domain: 'groups',
    cue: /\b((?:create|new|make|delete|remove|restore|rename)\w* (?:a |an |the |new |some )*(?:security |microsoft 365 |m365 |office 365 |distribution |mail-enabled )?groups?|group (?:naming|expiration) polic(?:y|ies))\b/,
    actions: [`${D}/groups/create`, `${D}/groups/delete`] },
  { id: 'conditional-access', reads: 'read Conditional Access policies', does: 'manage Conditional Access policies', domain: 'conditional-access',
    cue: /\b(conditional access|ca polic(?:y|ies)|named locations?|trusted (?:ips?|locations?)|geo-?block\w*|block (?:legacy auth\w*|sign[- ]?ins? from)|(?:require|enforce|mandate|force)\w* (?:the )?(?:use of )?(?:mfa|multi[- ]?factor(?: auth\w*)?|2fa|two[- ]factor(?: auth\w*)?)(?: (?:for|on) (?:all |every )?\w+)?)\b/,
    actions: [`${D}/conditionalAccessPolicies/basic/update`, `${D}/conditionalAccessPolicies/create`, `${D}/conditionalAccessPolicies/delete`],
    readActions: [`${D}/conditionalAccessPolicies/standard/read`] },
  { id: 'identity-protection', reads: 'see risky users and sign-in risk', does: 'handle risky users and sign-in risk', domain: 'security',
    cue: /\b(risky (?:users?|sign[- ]?ins?)|identity protection|risk (?:detections?|polic(?:y|ies)|events?)|(?:user|sign[- ]?in) risk|dismiss (?:the |a )?(?:user )?risk|confirm(?:ed)? compromised)\b/,
    actions: [`${D}/identityProtection/allProperties/update`],
    readActions: [`${D}/identityProtection/allProperties/read`] },
  { id: 'defender', reads: 'see Defender alerts and threat policies', does: 'manage Defender alerts, quarantine and threat policies', domain: 'security',
    cue: /\b(defender|security (?:alerts?|incidents?|cent(?:er|re)|portal)|threats?|malware|phish\w*|quarantin\w*|anti-?spam|anti-?malware|safe (?:links|attachments)|attack simulations?|secure score|spam polic(?:y|ies)|release (?:an? )?(?:email|message)s?)\b/,
    actions: ['microsoft.office365.protectionCenter/allEntities/allProperties/update'],
    readActions: ['microsoft.office365.protectionCenter/allEntities/allProperties/read'] },
  { id: 'app-create', does: 'register applications', domain: 'applications',
    cue: /\b((?:register|create|add|make|set ?up)\w* (?:a |an |the |new )*(?:app|application|api)s?(?: registrations?)?|app(?:lication)? registrations?|new (?:app|application) registrations?)\b/,
    actions: [`${D}/applications/create`] },
  { id: 'app-credentials', does: "manage an application's secrets and certificates", domain: 'applications',
    cue: /\b((?:client |app |application )?secrets?|(?:app|application)(?:'s)? (?:credentials?|certificates?|certs?|keys?)|(?:certificates?|certs?|credentials?|keys?) (?:of|on|for) (?:an? |the |our )?(?:app|application|service principal)s?|rotate\w* [^,;.]{0,30}(?:secret|cert|certificate|key|credential)s?|expir\w* (?:secret|cert|certificate)s?)\b/,
    actions: [`${D}/applications/credentials/update`] },
  { id: 'app-assignment', does: 'assign people to enterprise apps and grant consent', domain: 'applications',
    cue: /\b(admin consent|grant consent|consent|enterprise app(?:lication)?s?|(?:assign|add)\w* (?:users?|groups?|people|someone) to (?:an? |the )?(?:enterprise )?(?:app|application)s?|app role assignments?|single sign-?on|\bsso\b|saml)\b/,
    actions: [`${D}/servicePrincipals/appRoleAssignedTo/update`] },
  { id: 'roles', does: 'assign directory roles and manage PIM', domain: 'role-management',
    cue: /\b((?:assign|give|grant|remove|revoke)\w* [^,;.]{0,30}\b(?:admin |directory |entra |azure ad )?roles?|role assignments?|make (?:someone|him|her|them|a user|somebody) (?:an? )?(?:admin|administrator|global admin)|pim (?:settings?|polic(?:y|ies)|configuration|approvers?|rules?)|eligible assignments?|eligibilit(?:y|ies)|custom roles?|role settings?)\b/,
    actions: [`${D}/roleAssignments/allProperties/update`, `${D}/privilegedIdentityManagement/allProperties/update`, `${D}/roleDefinitions/allProperties/update`] },
  { id: 'exchange-transport', reads: 'trace messages and read mail flow settings', does: 'manage Exchange mail flow (transport rules, connectors)', domain: 'exchange',
    cue: /\b(transport rules?|mail[- ]?flow(?: rules?)?|connectors?|accepted domains?|dkim|dmarc|spf|smtp relay|message trace|mail (?:queues?|routing|delivery))\b/,
    actions: ['microsoft.office365.exchange/transportRules/basic/update'],
    readActions: ['microsoft.office365.exchange/messageTracking/basic/read'] },
  { id: 'exchange-recipients', reads: 'read Exchange mailboxes and recipients', does: 'manage Exchange mailboxes and recipients', domain: 'exchange',
    cue: /\b(exchange|mailbox(?:es)?|shared mailbox(?:es)?|distribution (?:lists?|groups?)|\bdls?\b|mail contacts?|(?:email |mail )?forwarding|send[- ]as|send on behalf|full access|calendar (?:permissions?|delegat\w+|access)|out of office|auto-?replies|archive|litigation hold on (?:a )?mailbox|room mailbox(?:es)?|resource mailbox(?:es)?|email address(?:es)?|aliases|outlook|owa|e-?mails?)\b/,
    actions: ['microsoft.office365.exchange/allRecipients/basic/update'],
    readActions: ['microsoft.office365.exchange/allRecipients/basic/read'] },
  { id: 'sharepoint', reads: 'read SharePoint site settings', does: 'manage SharePoint sites and OneDrive', domain: 'sharepoint',
    cue: /\b(sharepoint|\bspo\b|one ?drive|site collections?|storage (?:quotas?|limits?|space)|quotas?|sites?|external sharing|sharing (?:settings?|links?|polic(?:y|ies))|hub sites?|document librar(?:y|ies)|site (?:owners?|admins?|permissions?))\b/,
    actions: ['microsoft.office365.sharePoint/sites/basic/update'],
    readActions: ['microsoft.office365.sharePoint/sites/basic/read'] },
  { id: 'teams', reads: 'read Teams settings and policies', does: 'manage Microsoft Teams and its policies', domain: 'teams',
    cue: /\b((?:create|new|make|set ?up|add)\w* (?:a |an |the |new |another )*teams?(?: (?:for|in) (?:the |our |a )?\w+)?|teams?|meeting polic(?:y|ies)|messaging polic(?:y|ies)|live events?|town ?halls?|webinars?|channels?|meeting rooms?|teams rooms?|chat polic(?:y|ies))\b/,
    actions: ['microsoft.teams/allEntities/allProperties/update'],
    readActions: ['microsoft.teams/allEntities/allProperties/read'] },
  { id: 'teams-voice', reads: 'read Teams calling settings', does: 'manage Teams calling (phone numbers, call queues, voice routing)', domain: 'teams',
    cue: /\b((?:teams )?phone (?:numbers?|system)|calling (?:polic(?:y|ies)|plans?)|voice routing|direct routing|call queues?|auto attendants?|emergency (?:calling|locations?|addresses)|call quality|dial plans?|resource accounts?)\b/,
    actions: ['microsoft.teams/voice/allProperties/allTasks'],
    readActions: ['microsoft.teams/voice/allProperties/read'] },
  { id: 'intune', reads: 'read Intune device information', does: 'manage devices in Intune', domain: 'intune',
    cue: /\b((?:intune|endpoint|device) compliance(?: polic(?:y|ies))?|intune|endpoint manager|\bmdm\b|\bmam\b|enrol+(?:ment)?|autopilot|compliance polic(?:y|ies) (?:for|on|in) (?:intune|devices?|laptops?|phones?|endpoints?|windows|ios|android|macs?)|configuration profiles?|config profiles?|app protection(?: polic(?:y|ies))?|wipe\w*|retire (?:a |the )?(?:device|phone|laptop)s?|managed devices?|company portal|laptops?|iphones?|android|update rings?)\b/,
    actions: ['microsoft.intune/allEntities/allTasks'],
    readActions: ['microsoft.intune/allEntities/read'] },
  { id: 'devices', does: 'manage device objects in the directory', domain: 'devices',
    cue: /\b((?:disable|enable|delete|remove|clean ?up)\w* (?:a |the |stale |old )*devices?|stale devices?|device objects?|local admin(?:istrator)? passwords?|\blaps\b)\b/,
    actions: [`${D}/devices/basic/update`, `${D}/devices/delete`, `${D}/devices/disable`] },
  { id: 'compliance', reads: 'read Purview compliance settings', does: 'manage Purview compliance (retention, DLP, eDiscovery, labels)', domain: 'compliance',
    cue: /\b(retention(?: polic(?:y|ies)| labels?)?|\bdlp\b|data loss prevention|sensitivity labels?|purview|insider risk|information barriers?|records management|compliance (?:manager|polic(?:y|ies)|portal|cent(?:er|re)))\b/,
    actions: ['microsoft.office365.complianceManager/allEntities/allTasks'],
    readActions: ['microsoft.office365.complianceManager/allEntities/read'] },
  { id: 'ediscovery', does: 'run eDiscovery searches and holds', domain: 'compliance',
    cue: /\b(e-?discovery(?: (?:search|case|hold)e?s?)?|content search(?:es)?|legal holds?|litigation holds?)\b/,
    actions: ['microsoft.office365.complianceManager/allEntities/allTasks'] },
  { id: 'billing', reads: 'read billing, invoices and subscriptions', does: 'manage billing, subscriptions and purchases', domain: 'billing',
    cue: /\b(billing|invoices?|subscriptions?|purchas\w*|payments?|credit cards?|buy (?:more )?(?:licen[cs]es|seats)|seats)\b/,
    actions: ['microsoft.commerce.billing/allEntities/allProperties/update'],
    readActions: ['microsoft.commerce.billing/allEntities/allProperties/read'] },
  { id: 'audit-logs', does: 'read the directory audit logs', domain: 'reports',
    cue: /\b(audit (?:logs?|trails?|events?|history|records?)|directory audits?|who (?:changed|did|deleted|modified|created|added|removed|disabled|reset|assigned)(?: (?:a|an|the|this|that|my|our|his|her|their|some))?(?: [\w'-]+)?|change history)\b/,
    actions: [`${D}/auditLogs/allProperties/read`] },
  { id: 'sign-in-logs', does: 'read sign-in logs', domain: 'reports',
    cue: /\b(sign[- ]?in (?:logs?|reports?|activity|history|events?)|log[- ]?in (?:history|logs?|activity)|sign[- ]?ins|failed (?:log[- ]?ins|sign[- ]?ins))\b/,
    actions: [`${D}/signInReports/allProperties/read`] },
  { id: 'usage-reports', does: 'read Microsoft 365 usage reports', domain: 'reports',
    cue: /\b(usage (?:reports?|data|analytics|stats|statistics)|adoption(?: score)?|activity reports?|productivity score|reports? (?:on|of|about) (?:usage|adoption|activity))\b/,
    actions: ['microsoft.office365.usageReports/allEntities/allProperties/read'] },
  { id: 'read-everything', does: 'read every setting without changing anything', domain: 'directory',
    cue: /\b(read[- ]only|(?:view|see|read|review|audit|check|look at) (?:all |every |the (?:whole |entire )?)?(?:tenant(?: settings| configuration)?|settings|configuration|config|everything)|look around|without changing anything)\b/,
    actions: [`${D}/allEntities/allProperties/read`], tenantWide: true },
  { id: 'service-health', does: 'open support requests and read service health', domain: 'support',
    cue: /\b(service health|support (?:tickets?|requests?|cases?)|open a (?:case|ticket) with microsoft|microsoft support|message cent(?:er|re))\b/,
    actions: ['microsoft.office365.supportTickets/allEntities/allTasks', 'microsoft.office365.serviceHealth/allEntities/allTasks'] },
  { id: 'guests', does: 'invite guest users', domain: 'external-identities',
    cue: /\b(invit\w* (?:a |an |some )?(?:guests?|external (?:users?|people|partners?))|guest (?:users?|invit\w+|accounts?)|\bb2b\b)\b/,
    actions: [`${D}/users/inviteGuest`] },
  { id: 'domains', does: 'add and verify domain names', domain: 'directory',
    cue: /\b((?:add|verify|remove)\w* (?:a |an |the |our |new )?(?:custom )?domains?|custom domains?|domain names?|dns records?|federat\w+)\b/,
    actions: [`${D}/domains/allProperties/allTasks`] },
  { id: 'sync', does: 'manage directory synchronisation', domain: 'hybrid-identity',
    cue: /\b((?:entra|azure ad|aad|ad) connect|cloud sync|directory sync\w*|dirsync|password hash sync\w*|pass-?through auth\w*|sync (?:errors?|issues?))\b/,
    actions: [`${D}/onPremisesSynchronization/standard/update`, `${D}/cloudProvisioning/allProperties/allTasks`] },
  { id: 'governance', does: 'manage access reviews and access packages', domain: 'identity-governance',
    cue: /\b(access reviews?|access packages?|entitlement management|lifecycle workflows?|terms of use)\b/,
    actions: [`${D}/accessReviews/allProperties/allTasks`, `${D}/entitlementManagement/allProperties/allTasks`] },
  { id: 'power-platform', does: 'manage Power Platform and Power BI', domain: 'power-platform',
    cue: /\b(power ?(?:apps|automate|platform|bi)|dataverse|fabric|power platform environments?)\b/,
    actions: ['microsoft.powerApps/allEntities/allTasks'] },
  { id: 'dynamics', does: 'manage Dynamics 365', domain: 'dynamics',
    cue: /\b(dynamics(?: 365)?|d365|crm)\b/,
    actions: ['microsoft.dynamics365/allEntities/allTasks'] },
];

const READ_WORDS = /\b(view|see|read|review|check|look|list|audit|export|monitor|investigate|find|search|report|pull|download|show|inspect|query|browse|know|track|who)\b/;
const WRITE_WORDS = /\b(reset|update|change|set|modify|edit|configure|fix|rotate|renew|add|remove|delete|create|unlock|assign|grant|block|unblock|disable|enable|wipe|manage|make|register|revoke|approve|purchase|buy|invite|move|restore|recover|rename|apply|release|dismiss|clean|enroll|enrol|provision|onboard|offboard|sign|increase|decrease|raise|lower|extend|give|deploy|install|turn)\b/;

export interface Need {
  capability: Capability;
  /** The words of the task that asked for it. */
  words: string;
  readOnly: boolean;
}

/**
 * The needs a task states: one per clause ("unlock an account and reset its password" has two),
 * each the capability whose cue covers the most of that clause.
 */
export function needsOf(task: string): Need[] {
  const needs: Need[] = [];
  const text = task.toLowerCase().replace(/[\u2018\u2019]/g, "'");
  for (const clause of text.split(/\b(?:and then|and|then|plus|also|as well as)\b|[,;&+]/)) {
    let best: { capability: Capability; words: string } | null = null;
    for (const capability of CAPABILITIES) {
      const m = capability.cue.exec(clause);
      if (m && (!best || m[0].length > best.words.length)) best = { capability, words: m[0] };
    }
    if (!best || needs.some((n) => n.capability.id === best.capability.id)) continue;
    // Only a capability with a separate reading can be asked for read-only; eDiscovery searches are not reads.
    const reads = best.capability.readActions !== undefined || best.capability.actions.every((a) => a.endsWith('/read'));
    const readOnly = reads && READ_WORDS.test(clause) && !WRITE_WORDS.test(clause);
    needs.push({ ...best, readOnly });
  }
  return needs;
}
