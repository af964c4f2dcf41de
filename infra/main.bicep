// Everything `azd up` deploys: a Flex Consumption Function App that runs the AG-UI agent keyless
// (a user-assigned managed identity reaches storage, Application Insights and Azure OpenAI), the
// storage account with the threads table, monitoring, and an Azure OpenAI chat deployment.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Region of the Function App and its resources (a region that offers Flex Consumption).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Region of the Azure OpenAI account; defaults to the app\'s region. Pick one that offers the model.')
param openAiLocation string = ''

@description('Object id of the principal running azd. It gets table and Azure OpenAI data access so a local run can use the deployed resources without keys. Leave empty to skip.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
@description('Kind of principal that principalId names.')
param principalType string = 'User'

// Azure OpenAI offers a GA model version to new customers for 12 months after its release; existing
// deployments may keep it up to 6 months longer, then it is retired and deploying it fails.
// gpt-5.4-mini 2026-03-17 retires 2027-03-18 (the model retirement table as of 2026-12): move the
// default on before then.
@description('Chat model to deploy in the new Azure OpenAI account: a GA model whose version is not retired.')
param openAiModelName string = 'gpt-5.4-mini'

@description('Version of the chat model.')
param openAiModelVersion string = '2026-03-17'

@description('Deployment SKU of the chat model (GlobalStandard, DataZoneStandard, Standard, ...).')
param openAiDeploymentSku string = 'GlobalStandard'

@minValue(1)
@description('Capacity of the chat deployment in thousands of tokens per minute.')
param openAiDeploymentCapacity int = 10

@description('Name of the chat deployment: created in the new account, or an existing one when existingOpenAiEndpoint is set.')
param openAiDeploymentName string = 'chat'

@description('Endpoint of an existing Azure OpenAI resource, its resource URL (https://NAME.openai.azure.com/). When set, no Azure OpenAI account is created.')
param existingOpenAiEndpoint string = ''

@description('Resource id of that existing Azure OpenAI account. When set, the app (and principalId) get the Cognitive Services OpenAI User role on it; otherwise grant it yourself.')
param existingOpenAiResourceId string = ''

@description('Browser origins allowed to call the agent endpoint (the Function App\'s CORS setting).')
param corsAllowedOrigins array = ['https://portal.azure.com']

@description('Azure Table Storage table that holds the threads.')
param threadsTableName string = 'agthreads'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var useExistingOpenAi = !empty(existingOpenAiEndpoint)
// ARM evaluates a module's scope even when its condition is false; the placeholder keeps that expression valid.
var existingOpenAiId = empty(existingOpenAiResourceId) ? '${rg.id}/providers/Microsoft.CognitiveServices/accounts/none' : existingOpenAiResourceId

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module app 'modules/app.bicep' = {
  name: 'app'
  scope: rg
  params: {
    location: location
    openAiLocation: empty(openAiLocation) ? location : openAiLocation
    tags: tags
    resourceToken: resourceToken
    principalId: principalId
    principalType: principalType
    createOpenAi: !useExistingOpenAi
    openAiModelName: openAiModelName
    openAiModelVersion: openAiModelVersion
    openAiDeploymentSku: openAiDeploymentSku
    openAiDeploymentCapacity: openAiDeploymentCapacity
    openAiDeploymentName: openAiDeploymentName
    existingOpenAiEndpoint: existingOpenAiEndpoint
    corsAllowedOrigins: corsAllowedOrigins
    threadsTableName: threadsTableName
  }
}

module existingOpenAiAccess 'modules/openai-access.bicep' = if (useExistingOpenAi && !empty(existingOpenAiResourceId)) {
  name: 'existing-openai-access'
  scope: resourceGroup(split(existingOpenAiId, '/')[2], split(existingOpenAiId, '/')[4])
  params: {
    accountName: last(split(existingOpenAiId, '/'))
    appPrincipalId: app.outputs.identityPrincipalId
    principalId: principalId
    principalType: principalType
  }
}

output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = app.outputs.functionAppName
output AGENT_ENDPOINT_URL string = 'https://${app.outputs.defaultHostName}/api/agent'
output AZURE_OPENAI_ENDPOINT string = app.outputs.openAiEndpoint
output AZURE_OPENAI_DEPLOYMENT_NAME string = openAiDeploymentName
output THREAD_STORAGE_TABLE_ENDPOINT string = app.outputs.tableServiceUri
