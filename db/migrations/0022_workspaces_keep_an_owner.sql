-- Every workspace keeps at least one owner, whatever runs at the same time. The application checks
-- before removing or demoting an owner, but two owners removing each other at once both saw the
-- other still there and both went. This trigger checks again at commit, after taking the workspace
-- row's lock, so the second of two such transactions counts with the first one's change visible
-- (a new statement under READ COMMITTED) and is refused. A deleted workspace takes its members
-- with it and needs no owner.
CREATE FUNCTION "workspace_keeps_an_owner"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "workspaces" WHERE "id" = OLD."workspace_id" FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM "memberships" WHERE "workspace_id" = OLD."workspace_id" AND "role" = 'owner') THEN
    RAISE EXCEPTION 'workspace % would be left without an owner', OLD."workspace_id"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'memberships_workspace_keeps_an_owner';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "memberships_workspace_keeps_an_owner"
  AFTER DELETE OR UPDATE OF "role" ON "memberships"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (OLD."role" = 'owner')
  EXECUTE FUNCTION "workspace_keeps_an_owner"();
