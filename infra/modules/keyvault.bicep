// Key Vault for the bot's secrets; the web app reads them through Key Vault references with its
// user-assigned identity, which gets the "Key Vault Secrets User" role on this vault only.

param resourceBaseName string
param location string

@description('Object id of the identity that reads the secrets.')
param readerPrincipalId string

@secure()
param botClientSecret string

@secure()
param databaseUrl string

// Key Vault Secrets User (built-in role).
var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  // Vault names are global, 3 to 24 characters: at most 9 + 2 + 13 here.
  name: '${take(resourceBaseName, 9)}kv${uniqueString(resourceGroup().id)}'
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    publicNetworkAccess: 'Enabled'
  }
}

resource botSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bot-client-secret'
  properties: {
    value: botClientSecret
  }
}

resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-url'
  properties: {
    value: databaseUrl
  }
}

resource readerRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, readerPrincipalId, secretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
// Version-less URIs, so a rotated secret is picked up without redeploying.
output botClientSecretUri string = botSecret.properties.secretUri
output databaseUrlSecretUri string = databaseUrlSecret.properties.secretUri
