#!/usr/bin/env bash
# Creates the BigQuery table for the git-llm traffic log and a BigQuery subscription that writes
# the topic's messages into it. Needs gcloud and bq, logged in with rights on PROJECT.
#   ci/bigquery/connect.sh PROJECT TOPIC DATASET [TABLE]
# The Pub/Sub service agent (service-PROJECT_NUMBER@gcp-sa-pubsub.iam.gserviceaccount.com) needs
# roles/bigquery.dataEditor on the dataset; this script grants it.
set -euo pipefail
PROJECT="$1" TOPIC="$2" DATASET="$3" TABLE="${4:-llm_traffic}"
HERE="$(cd "$(dirname "$0")" && pwd)"

bq --project_id="$PROJECT" mk -f --dataset "$PROJECT:$DATASET" >/dev/null || true
bq --project_id="$PROJECT" mk -f --table \
  --time_partitioning_field=time --time_partitioning_type=DAY --clustering_fields=namespace,model \
  "$PROJECT:$DATASET.$TABLE" "$HERE/schema.json"

NUMBER=$(gcloud projects describe "$PROJECT" --format='value(projectNumber)')
AGENT="serviceAccount:service-$NUMBER@gcp-sa-pubsub.iam.gserviceaccount.com"
gcloud projects add-iam-policy-binding "$PROJECT" --member="$AGENT" \
  --role=roles/bigquery.dataEditor --condition=None >/dev/null

gcloud pubsub topics describe "$TOPIC" --project="$PROJECT" >/dev/null 2>&1 \
  || gcloud pubsub topics create "$TOPIC" --project="$PROJECT"
# use-table-schema: the record's JSON fields land in the columns of the same name;
# write-metadata: message_id, publish_time and the attributes too;
# drop-unknown-fields: a newer git-llm adding a field does not stall the subscription.
gcloud pubsub subscriptions create "$TOPIC-bigquery" --project="$PROJECT" --topic="$TOPIC" \
  --bigquery-table="$PROJECT:$DATASET.$TABLE" \
  --use-table-schema --write-metadata --drop-unknown-fields

cat <<SQL
Connected. Deduplicated view (delivery is at least once):
  CREATE OR REPLACE VIEW \`$PROJECT.$DATASET.${TABLE}_dedup\` AS
  SELECT * EXCEPT(n) FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY publish_time) AS n
    FROM \`$PROJECT.$DATASET.$TABLE\`) WHERE n = 1;
SQL
