/**
 * Who the gateway calls Graph as. The app: client secret, certificate or managed identity. A user:
 * on-behalf-of, trading the Teams SSO token for a Graph token. A local (http://) authority is the
 * sandbox, served by `SandboxCredential`.
 */
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  OnBehalfOfCredential,
  type TokenCredential,
} from '@azure/identity';
import type { Client } from '@microsoft/microsoft-graph-client';
import { createGraphClient, type GraphClientOptions } from './client.js';
import { SandboxCredential } from './sandbox-credential.js';

export type AppSecret =
  | { kind: 'secret'; secret: string }
  | { kind: 'certificate'; path: string; sendCertificateChain?: boolean }
  /** `clientId` selects a user-assigned identity; for on-behalf-of it must be federated with the app. */
  | { kind: 'managedIdentity'; clientId?: string };

export interface AppIdentity {
  tenantId: string;
  /** The app registration's client id. */
  clientId: string;
  credential: AppSecret;
  /** Defaults to Entra's public cloud; an http:// URL means the local sandbox. */
  authorityHost?: string;
}

const ENTRA = 'https://login.microsoftonline.com';
// Managed identity federated with an app registration presents this audience's token as its assertion.
const FEDERATION_SCOPE = 'api://AzureADTokenExchange/.default';

export function isLocalAuthority(identity: AppIdentity): boolean {
  return (identity.authorityHost ?? ENTRA).startsWith('http://');
}

function sandboxSecret(identity: AppIdentity): string {
  if (identity.credential.kind !== 'secret') throw new Error('the local sandbox authority takes a client secret only');
  return identity.credential.secret;
}

/** The app's own credential (application permissions). */
export function createAppCredential(identity: AppIdentity): TokenCredential {
  const authorityHost = identity.authorityHost ?? ENTRA;
  if (isLocalAuthority(identity)) {
    return new SandboxCredential({ authorityHost, tenantId: identity.tenantId, clientId: identity.clientId, clientSecret: sandboxSecret(identity), grant: { kind: 'clientCredentials' } });
  }
  const c = identity.credential;
  switch (c.kind) {
    case 'secret':
      return new ClientSecretCredential(identity.tenantId, identity.clientId, c.secret, { authorityHost });
    case 'certificate':
      return new ClientCertificateCredential(identity.tenantId, identity.clientId, { certificatePath: c.path }, { authorityHost, sendCertificateChain: c.sendCertificateChain });
    case 'managedIdentity':
      return c.clientId ? new ManagedIdentityCredential({ clientId: c.clientId }) : new ManagedIdentityCredential();
  }
}

/** A user's credential: their Teams SSO token exchanged on-behalf-of for Graph (delegated permissions). */
export function createOnBehalfOfCredential(identity: AppIdentity, ssoToken: string): TokenCredential {
  const authorityHost = identity.authorityHost ?? ENTRA;
  const base = { tenantId: identity.tenantId, clientId: identity.clientId, userAssertionToken: ssoToken, authorityHost };
  if (isLocalAuthority(identity)) {
    return new SandboxCredential({ authorityHost, tenantId: identity.tenantId, clientId: identity.clientId, clientSecret: sandboxSecret(identity), grant: { kind: 'onBehalfOf', assertion: ssoToken } });
  }
  const c = identity.credential;
  switch (c.kind) {
    case 'secret':
      return new OnBehalfOfCredential({ ...base, clientSecret: c.secret });
    case 'certificate':
      return new OnBehalfOfCredential({ ...base, certificatePath: c.path, sendCertificateChain: c.sendCertificateChain });
    case 'managedIdentity': {
      const mi = c.clientId ? new ManagedIdentityCredential({ clientId: c.clientId }) : new ManagedIdentityCredential();
      return new OnBehalfOfCredential({
        ...base,
        getAssertion: async () => {
          const token = await mi.getToken(FEDERATION_SCOPE);
          if (!token) throw new Error('managed identity returned no federation token');
          return token.token;
        },
      });
    }
  }
}

export type ClientSettings = Omit<GraphClientOptions, 'credential'>;

// The sandbox serves tokens and Graph from one root; its tokens must never be sent to real Graph.
function withBaseUrl(identity: AppIdentity, settings: ClientSettings): ClientSettings {
  return settings.baseUrl === undefined && isLocalAuthority(identity) ? { ...settings, baseUrl: identity.authorityHost } : settings;
}

/** The app-token Graph client. For a local authority, Graph defaults to the same root. */
export function createAppGraphClient(identity: AppIdentity, settings: ClientSettings = {}): Client {
  return createGraphClient({ ...withBaseUrl(identity, settings), credential: createAppCredential(identity) });
}

/** A Graph client acting as the user whose Teams SSO token this is. */
export function createUserGraphClient(identity: AppIdentity, ssoToken: string, settings: ClientSettings = {}): Client {
  return createGraphClient({ ...withBaseUrl(identity, settings), credential: createOnBehalfOfCredential(identity, ssoToken) });
}

/** `ssoToken → Client` for the gateway's delegated calls. */
export function userGraphClientFactory(identity: AppIdentity, settings: ClientSettings = {}): (ssoToken: string) => Client {
  return (ssoToken) => createUserGraphClient(identity, ssoToken, settings);
}
