#!/usr/bin/env bash
# Walks one PIM activation through the sandbox with plain HTTP (curl and jq): tokens, a request
# that needs approval, the approver's decision, the provisioned role and the audit trail.
# Start the sandbox first: npx pim-copilot sandbox --port 5100
set -euo pipefail
SB=${SB:-http://127.0.0.1:5100}
ROLE=${ROLE:-69091246-20e8-4a56-aa4d-066075b2a7a8}   # Teams Administrator (needs approval, no ticket)
g() { curl -sS -H "authorization: Bearer $1" "$SB$2"; }

# The tenant id is the organization's id; any client id with secret 'sandbox' gets an app token.
TENANT=$(curl -sS "$SB/_sandbox/health" | jq -r .tenantId)   # also printed by the sandbox at start
token() { curl -sS -X POST "$SB/$TENANT/oauth2/v2.0/token" "$@" | jq -r .access_token; }
APP=$(token -d grant_type=client_credentials -d client_id=walk -d client_secret=sandbox -d scope=https://graph.microsoft.com/.default)

# Someone eligible for the role, and an approver from the role's policy.
ELIGIBLE=$(g "$APP" "/v1.0/roleManagement/directory/roleEligibilitySchedules?\$filter=roleDefinitionId%20eq%20'$ROLE'&\$top=1" | jq -r '.value[0].principalId')
REQUESTER=$(g "$APP" "/v1.0/users/$ELIGIBLE" | jq -r .userPrincipalName)
GROUP=$(g "$APP" "/v1.0/policies/roleManagementPolicyAssignments?\$filter=scopeId%20eq%20'/'%20and%20scopeType%20eq%20'DirectoryRole'%20and%20roleDefinitionId%20eq%20'$ROLE'&\$expand=policy(\$expand=rules)" \
  | jq -r '.value[0].policy.rules[] | select(.id=="Approval_EndUser_Assignment") | .setting.approvalStages[0].primaryApprovers[0].groupId')
APPROVER=$(g "$APP" "/v1.0/groups/$GROUP/members" | jq -r --arg r "$ELIGIBLE" '[.value[] | select(.id != $r)][0].userPrincipalName')
echo "requester $REQUESTER, approver $APPROVER"

# The requester activates the role with a delegated token (password 'sandbox' for every user).
USER=$(token -d grant_type=password -d client_id=walk -d client_secret=sandbox -d "username=$REQUESTER" -d password=sandbox -d scope=https://graph.microsoft.com/.default)
REQ=$(curl -sS -X POST "$SB/v1.0/roleManagement/directory/roleAssignmentScheduleRequests" -H "authorization: Bearer $USER" -H 'content-type: application/json' \
  -d "{\"action\":\"selfActivate\",\"principalId\":\"$ELIGIBLE\",\"roleDefinitionId\":\"$ROLE\",\"directoryScopeId\":\"/\",\"justification\":\"Update the meeting policy for the all-hands\",\"scheduleInfo\":{\"expiration\":{\"type\":\"afterDuration\",\"duration\":\"PT2H\"}}}")
ID=$(echo "$REQ" | jq -r .id)
echo "request $ID: $(echo "$REQ" | jq -r .status)"

# The approver approves through the beta API (single step; its id is the request id).
APPROVER_TOKEN=$(token -d grant_type=password -d client_id=walk -d client_secret=sandbox -d "username=$APPROVER" -d password=sandbox -d scope=https://graph.microsoft.com/.default)
curl -sS -X PATCH "$SB/beta/roleManagement/directory/roleAssignmentApprovals/$ID/steps/$ID" -H "authorization: Bearer $APPROVER_TOKEN" \
  -H 'content-type: application/json' -d '{"reviewResult":"Approve","justification":"Planned change, looks fine"}' -w 'approval: HTTP %{http_code}\n'

echo "request $ID: $(g "$APP" "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/$ID" | jq -r .status)"
g "$APP" "/v1.0/auditLogs/directoryAudits?\$filter=loggedByService%20eq%20'PIM'&\$orderby=activityDateTime%20desc&\$top=4" | jq -r '.value[] | "audit: " + .activityDisplayName'
