-- Items are read by status in plan order, with a cursor that only moves forward, so the primary
-- key (run_id, seq) finds them as well in one pass; an index on the status cost two B-tree
-- changes at every status change, three of them for each record a run writes.

DROP INDEX IF EXISTS ferry_items_status;
