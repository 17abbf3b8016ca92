/** The workflows slice's public UI: a workflow's steps, for the run page. */
export { WorkflowTree } from "./components/workflow-tree";
