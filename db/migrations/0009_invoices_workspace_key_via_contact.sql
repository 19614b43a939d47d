ALTER TABLE "invoices" DROP CONSTRAINT "invoices_workspace_id_workspaces_id_fk";
