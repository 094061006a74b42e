/** First link of the chain: a bearer token from a `TokenCredential`, sent only to the Graph origin. */
import type { TokenCredential } from '@azure/identity';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { setHeader, urlOf } from './call-options.js';
import { PimError, UnauthorizedError } from './errors.js';

export class AuthMiddleware implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly credential: TokenCredential,
    private readonly scopes: string[],
    private readonly origin: string,
  ) {}

  async execute(context: Context): Promise<void> {
    // The SDK's own handler only trusts https Graph hosts; this one trusts exactly our base URL,
    // so the sandbox over http works and a token never leaves for a foreign host.
    if (new URL(urlOf(context)).origin === this.origin) {
      let token;
      try {
        token = await this.credential.getToken(this.scopes);
      } catch (err) {
        if (err instanceof PimError) throw err;
        throw new UnauthorizedError({ graphMessage: `could not get a token: ${(err as Error).message}`, cause: err });
      }
      if (!token) throw new UnauthorizedError({ graphMessage: 'the credential returned no token' });
      setHeader(context, 'Authorization', `Bearer ${token.token}`);
    } else {
      setHeader(context, 'Authorization', undefined);
    }
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
