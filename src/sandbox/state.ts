/**
 * The sandbox tenant in memory: one indexed Collection per Graph path of the snapshot format,
 * filled from a TenantSnapshot object or streamed from a file of any size.
 */
import type { TenantSnapshot } from '../tenant/snapshot.js';
import { Collection, type CollectionOptions, type Rec } from './store/collection.js';
import { RawFile } from './store/raw-file.js';
import { readCollections, SnapshotFormatError, type ReadProgress } from '../tenant/json-collections.js';

const BY_PRINCIPAL_ROLE: CollectionOptions = { indexes: ['principalId', 'roleDefinitionId'] };

/** Snapshot key, collection name, indexes, and whether a file load leaves the records on disk. */
const SPECS = {
  organization: { key: 'organization', options: {} },
  users: { key: 'users', options: { keys: ['userPrincipalName'], indexes: ['manager/id', 'department'] } },
  groups: { key: 'groups', options: {} },
  roleDefinitions: { key: 'roleManagement/directory/roleDefinitions', options: {} },
  eligibilitySchedules: { key: 'roleManagement/directory/roleEligibilitySchedules', options: BY_PRINCIPAL_ROLE },
  eligibilityInstances: { key: 'roleManagement/directory/roleEligibilityScheduleInstances', options: BY_PRINCIPAL_ROLE },
  assignmentSchedules: { key: 'roleManagement/directory/roleAssignmentSchedules', options: BY_PRINCIPAL_ROLE },
  assignmentInstances: { key: 'roleManagement/directory/roleAssignmentScheduleInstances', options: BY_PRINCIPAL_ROLE },
  roleAssignments: { key: 'roleManagement/directory/roleAssignments', options: BY_PRINCIPAL_ROLE },
  policies: { key: 'policies/roleManagementPolicies', options: {} },
  policyAssignments: { key: 'policies/roleManagementPolicyAssignments', options: { indexes: ['roleDefinitionId', 'policyId'] } },
  requests: {
    key: 'roleManagement/directory/roleAssignmentScheduleRequests',
    options: { indexes: ['principalId', 'roleDefinitionId', 'status'], time: { field: 'createdDateTime' } },
    raw: true,
  },
  approvals: { key: 'roleManagement/directory/roleAssignmentApprovals', options: {}, raw: true },
  audits: {
    key: 'auditLogs/directoryAudits',
    options: { indexes: ['initiatedBy/user/id', 'targetResources/id'], time: { field: 'activityDateTime', newestFirst: true } },
    raw: true,
  },
  signIns: { key: 'auditLogs/signIns', options: { indexes: ['userId'], time: { field: 'createdDateTime', newestFirst: true } }, raw: true },
  riskyUsers: { key: 'identityProtection/riskyUsers', options: {} },
  presences: { key: 'communications/presences', options: {} },
} satisfies Record<string, { key: string; options: CollectionOptions; raw?: boolean }>;

export type CollectionName = keyof typeof SPECS;

export class TenantState {
  readonly collections: Record<CollectionName, Collection<Rec>>;
  private readonly byKey = new Map<string, Collection<Rec>>();
  private readonly files: RawFile[] = [];

  constructor() {
    const entries = Object.entries(SPECS).map(([name, spec]) => [name, new Collection<Rec>(name, spec.options)] as const);
    this.collections = Object.fromEntries(entries) as Record<CollectionName, Collection<Rec>>;
    for (const [name, spec] of Object.entries(SPECS)) this.byKey.set(spec.key, this.collections[name as CollectionName]);
  }

  get tenantId(): string {
    const org = this.collections.organization.size > 0 ? this.collections.organization.get(0) : undefined;
    const id = org?.id;
    if (typeof id !== 'string') throw new Error('the tenant has no organization[0].id');
    return id;
  }

  /** The collection for a snapshot key (Graph path), if the sandbox serves it. */
  collectionFor(key: string): Collection<Rec> | undefined {
    return this.byKey.get(key);
  }

  static fromSnapshot(snapshot: TenantSnapshot): TenantState {
    const state = new TenantState();
    for (const c of state.byKey.values()) c.loading = true;
    for (const [key, values] of Object.entries(snapshot)) {
      const c = state.byKey.get(key);
      if (!c || !Array.isArray(values)) continue;
      for (const v of values) if (v && typeof v === 'object') c.add(v as Rec);
    }
    for (const c of state.byKey.values()) c.endLoad();
    if (state.collections.organization.size === 0) throw new Error('the snapshot has no organization');
    return state;
  }

  /** Streams a snapshot file; requests, approvals, audits and sign-ins stay in the file, indexed. */
  static async fromFile(path: string, onProgress?: (p: ReadProgress & { records: number }) => void): Promise<TenantState> {
    const state = new TenantState();
    const file = new RawFile(path);
    state.files.push(file);
    const rawKeys = new Set(Object.values(SPECS).filter((s) => 'raw' in s && s.raw).map((s) => s.key));
    let records = 0;
    for (const c of state.byKey.values()) c.loading = true;
    try {
      await readCollections(
        path,
        (key) => {
          const c = state.byKey.get(key);
          if (!c) return undefined;
          return (json, offset) => {
            const parsed = JSON.parse(json.toString('utf8')) as Rec;
            if (!parsed || typeof parsed !== 'object') return;
            records++;
            if (rawKeys.has(key)) c.addRaw(parsed, { file, offset, length: json.length });
            else c.add(parsed);
          };
        },
        onProgress && ((p) => onProgress({ ...p, records })),
      );
      for (const c of state.byKey.values()) c.endLoad();
      if (state.collections.organization.size === 0) throw new Error(`${path}: missing the 'organization' collection`);
    } catch (err) {
      // The file stays open only for a tenant that loaded.
      state.close();
      if (err instanceof SnapshotFormatError) throw new Error(`${path}: not a tenant snapshot (${err.message})`);
      throw err;
    }
    return state;
  }

  close(): void {
    for (const f of this.files.splice(0)) f.close();
  }
}
