/**
 * How the adapter checks the Bot Framework tokens on incoming activities: the public cloud's
 * settings, with the signing keys optionally read from elsewhere (BOT_OPENID_METADATA_URL), and a
 * 401 for every token that fails validation.
 */
import { CallerIdConstants, StatusCodes, type CloudAdapter } from 'botbuilder';
import { AuthenticationConstants as Cloud, AuthenticationError, type BotFrameworkAuthentication } from 'botframework-connector';

/**
 * The public cloud's settings with the keys' OpenID metadata at `openIdMetadataUrl`. botbuilder
 * takes any one of these settings as the sign of a custom cloud and then expects all of them.
 */
export function tokenSettings(openIdMetadataUrl: string | undefined): Record<string, string | boolean> {
  if (!openIdMetadataUrl) return {};
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: Cloud.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: Cloud.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: Cloud.ToBotFromChannelTokenIssuer,
    OAuthUrl: Cloud.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: Cloud.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botbuilder turns only its own AuthenticationError into a 401; a bad signature, a disallowed
 * algorithm or a token not valid yet (jsonwebtoken's errors) came back as a 500, as if the bot were
 * broken rather than the caller.
 */
export function answerBadTokensWith401(adapter: CloudAdapter): void {
  // CloudAdapterBase keeps it protected; there is no other way in short of re-implementing the adapter.
  const auth = (adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication }).botFrameworkAuthentication;
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticate(activity, authHeader);
    } catch (err) {
      // Anything else (the signing keys unreachable) stays what it is: the bot's problem, not the caller's.
      if (err instanceof Error && TOKEN_ERRORS.has(err.name)) throw new AuthenticationError(`Unauthorized: ${err.message}`, StatusCodes.UNAUTHORIZED);
      throw err;
    }
  };
}
