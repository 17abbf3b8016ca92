#!/bin/sh
echo "native schema engine not installed; use: npm run db:migrate -- <deploy|status|create|diff>" >&2
exit 1
