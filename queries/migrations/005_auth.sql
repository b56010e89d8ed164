-- Schema version 5: who may sign in (users: e-mail -> role and member) and the association's
-- contact people, with an optional contact assigned to each case (else the default contact).
CREATE TABLE IF NOT EXISTS users (
    email     VARCHAR PRIMARY KEY,  -- stored lower-case, as st.user.email is compared
    role      VARCHAR NOT NULL CHECK (role IN ('analyst', 'leadership', 'member')),
    member_id VARCHAR,
    note      VARCHAR,
    added_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    added_by  VARCHAR,
    CHECK ((role = 'member') = (member_id IS NOT NULL))
);

CREATE TABLE IF NOT EXISTS contacts (
    contact_id VARCHAR PRIMARY KEY,
    name_zh    VARCHAR NOT NULL,
    name_en    VARCHAR,
    email      VARCHAR,
    phone      VARCHAR,
    is_default BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE IF NOT EXISTS case_contacts (
    case_id    VARCHAR PRIMARY KEY,
    contact_id VARCHAR NOT NULL
);
