-- Time-ordered ids (UUID version 7, RFC 9562: the Unix time in milliseconds in the first 48 bits, then
-- random bits) for rows written in bulk. A random (version 4) id lands anywhere in its indexes, so the
-- planner's 200,000 new emails of a first pass touched every leaf page of the emails' primary key and
-- Message-ID index, and of the reminders' index on their email, one random page per row; ids that grow
-- with time are appended at the right edge of each, day after day.
-- PostgreSQL 18 has uuidv7() built in (and pg_catalog's comes first in the search path, so this one is
-- then unused); until then, the widely used SQL definition: the millisecond timestamp laid over
-- gen_random_uuid()'s first six bytes, and the version bits set from 4 (0100) to 7 (0111).
CREATE FUNCTION "uuidv7"() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;
