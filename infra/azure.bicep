// PIM Copilot on Azure: App Service (Linux, Node 20) running the bot, Azure Bot with the Teams
// channel, PostgreSQL flexible server for state and jobs, Key Vault for secrets, Application
// Insights for telemetry. Deployed by `teamsapp provision` (arm/deploy in teamsapp.yml); the
// outputs are written back into env/.env.<environment>.

@minLength(4)
@maxLength(20)
@description('Prefix of every resource name; lower-case letters and digits keep all names valid.')
param resourceBaseName string

param location string = resourceGroup().location

@description('Client id of the Entra app registration: the bot, the Graph client and the SSO app.')
param botAadAppClientId string

@secure()
@description('Client secret of that app registration; stored in Key Vault, never in app settings.')
param botAadAppClientSecret string

@description('Tenant of the app registration (single-tenant bot).')
param botAadAppTenantId string = tenant().tenantId

@maxLength(42)
param botDisplayName string = 'PIM Copilot'

@allowed(['F0', 'S1'])
param botServiceSku string = 'F0'

@description('App Service plan SKU; B1 or above for Always On.')
param webAppSku string = 'B1'

param postgresAdminLogin string = 'pimcopilot'

@secure()
@minLength(12)
@description('PostgreSQL administrator password; stored in Key Vault inside DATABASE_URL.')
param postgresAdminPassword string

param postgresSkuName string = 'Standard_B1ms'

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'Burstable'

param logLevel string = 'info'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-id'
  location: location
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    resourceBaseName: resourceBaseName
    location: location
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    resourceBaseName: resourceBaseName
    location: location
    administratorLogin: postgresAdminLogin
    administratorPassword: postgresAdminPassword
    skuName: postgresSkuName
    skuTier: postgresSkuTier
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    resourceBaseName: resourceBaseName
    location: location
    readerPrincipalId: identity.properties.principalId
    botClientSecret: botAadAppClientSecret
    databaseUrl: 'postgresql://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.outputs.fqdn}:5432/${postgres.outputs.databaseName}?sslmode=verify-full'
  }
}

module web 'modules/webapp.bicep' = {
  name: 'webapp'
  params: {
    resourceBaseName: resourceBaseName
    location: location
    sku: webAppSku
    identityId: identity.id
    appSettings: {
      NODE_ENV: 'production'
      LOG_LEVEL: logLevel
      PORT: '8080'
      WEBSITES_PORT: '8080'
      // The deployed code is read-only (run from package); /home is writable and persistent.
      DATA_DIR: '/home/data'
      MicrosoftAppId: botAadAppClientId
      MicrosoftAppPassword: '@Microsoft.KeyVault(SecretUri=${vault.outputs.botClientSecretUri})'
      MicrosoftAppType: 'SingleTenant'
      MicrosoftAppTenantId: botAadAppTenantId
      AAD_TENANT_ID: botAadAppTenantId
      AAD_CLIENT_ID: botAadAppClientId
      // The public base URL: Teams SSO serves its sign-in pages there (and the automation approver signs in there).
      BOT_ENDPOINT: 'https://${resourceBaseName}.azurewebsites.net'
      AAD_CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=${vault.outputs.botClientSecretUri})'
      DATABASE_URL: '@Microsoft.KeyVault(SecretUri=${vault.outputs.databaseUrlSecretUri})'
      // The service exports its own traces and metrics (OpenTelemetry, src/telemetry.ts) when this is set,
      // so App Service's Node.js agent stays off: both would report every request twice.
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
      // The deploy step uploads a built tree with node_modules; nothing to build on the server.
      SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
      WEBSITE_RUN_FROM_PACKAGE: '1'
    }
  }
}

module bot 'modules/azurebot.bicep' = {
  name: 'azurebot'
  params: {
    resourceBaseName: resourceBaseName
    displayName: botDisplayName
    sku: botServiceSku
    botAppId: botAadAppClientId
    botTenantId: botAadAppTenantId
    endpoint: 'https://${web.outputs.defaultHostName}/api/messages'
  }
}

// Written to env/.env.<environment> by Teams Toolkit.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.outputs.resourceId
output BOT_DOMAIN string = web.outputs.defaultHostName
output BOT_ENDPOINT string = 'https://${web.outputs.defaultHostName}'
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output POSTGRES_SERVER_FQDN string = postgres.outputs.fqdn
output APPLICATIONINSIGHTS_RESOURCE_ID string = monitoring.outputs.resourceId
