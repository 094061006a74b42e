/** Paths and readers shared by the packaging tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const path = (...parts: string[]): string => join(ROOT, ...parts);
export const readText = (...parts: string[]): string => readFileSync(path(...parts), 'utf8');
export const readJson = <T = Record<string, unknown>>(...parts: string[]): T => JSON.parse(readText(...parts)) as T;

/** Sample values for the Teams Toolkit placeholders, for checks that need a concrete manifest. */
export const SAMPLE_ENV: Record<string, string> = {
  TEAMS_APP_ID: '3f0e6a4b-2c1d-4e5f-8a9b-0c1d2e3f4a5b',
  BOT_ID: '8d2c1b0a-9f8e-4d7c-a6b5-c4d3e2f1a0b9',
  BOT_DOMAIN: 'pimcopilotabc123.azurewebsites.net',
  APP_NAME_SUFFIX: 'dev',
};

export interface TeamsManifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  bots: Array<{
    botId: string;
    scopes: string[];
    commandLists?: Array<{ scopes: string[]; commands: Array<{ title: string; description?: string }> }>;
  }>;
  validDomains?: string[];
  webApplicationInfo?: { id: string; resource?: string };
  permissions?: string[];
}

/**
 * Microsoft Graph permissions the bot asks for, with their ids in the Graph service principal
 * (`Role` = application permission, `Scope` = delegated).
 */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const GRAPH_PERMISSIONS: ReadonlyArray<{ name: string; type: 'Role' | 'Scope'; id: string }> = [
  { name: 'RoleManagement.Read.Directory', type: 'Role', id: '483bed4a-2ad3-4361-a73b-c83ccdbdc53c' },
  { name: 'RoleAssignmentSchedule.ReadWrite.Directory', type: 'Role', id: 'dd199f4a-f148-40a4-a2ec-f0069cc799ec' },
  { name: 'RoleEligibilitySchedule.Read.Directory', type: 'Role', id: 'ff278e11-4a33-4d0c-83d2-d01dc58929a5' },
  { name: 'RoleManagementPolicy.Read.Directory', type: 'Role', id: 'fdc4c997-9942-4479-bfcb-75a36d1138df' },
  { name: 'User.Read.All', type: 'Role', id: 'df021288-bdef-4463-88db-98f22de89214' },
  { name: 'Group.Read.All', type: 'Role', id: '5b567255-7703-4780-807c-7be8301ae99b' },
  { name: 'AuditLog.Read.All', type: 'Role', id: 'b0afded3-3588-46d8-8b3d-9842eff778da' },
  { name: 'IdentityRiskyUser.Read.All', type: 'Role', id: 'dc5007c0-2d7d-4c42-879c-2dab87571379' },
  { name: 'Presence.Read.All', type: 'Role', id: 'a70e0c2d-e793-494c-94c4-118fa0a67f42' },
  { name: 'MailboxSettings.Read', type: 'Role', id: '40f97065-369a-49f4-947c-6a255697ae91' },
  { name: 'TeamsAppInstallation.ReadWriteForUser.All', type: 'Role', id: '74ef0291-ca83-4d02-8c7e-d2391e6a444f' },
  { name: 'RoleAssignmentSchedule.ReadWrite.Directory', type: 'Scope', id: '8c026be3-8e26-4774-9372-8d5d6f21daff' },
  { name: 'PrivilegedAccess.ReadWrite.AzureAD', type: 'Scope', id: '3c3c74f5-cdaa-4a97-b7e0-4e788bfcfb37' },
  { name: 'RoleEligibilitySchedule.Read.Directory', type: 'Scope', id: 'eb0788c2-6d4e-4658-8c9e-c0fb8053f03d' },
  { name: 'RoleManagementPolicy.Read.Directory', type: 'Scope', id: '3de2cdbe-0ff5-47d5-bdee-7f45b4749ead' },
  { name: 'User.Read', type: 'Scope', id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d' },
];
