// Linux App Service plan and web app that run `node bin/pim-copilot.js start` on Node 20.

param resourceBaseName string
param location string
param sku string

@description('Resource id of the user-assigned identity used for Key Vault references.')
param identityId string

@description('App settings, i.e. the environment variables of src/config.ts.')
param appSettings object

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: sku
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'node bin/pim-copilot.js start'
      alwaysOn: true
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: appSettings
}

output resourceId string = site.id
output defaultHostName string = site.properties.defaultHostName
