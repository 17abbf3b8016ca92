import { lifecycleSuite } from "@/test/lifecycle.suite";

// The no-Redis path: progress and cancel over Postgres LISTEN/NOTIFY.
lifecycleSuite("postgres");
