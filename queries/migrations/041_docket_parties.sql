-- Version 41: which defendants a docket's party list put there and no defendant list or table has
-- named since. The party list is the docket's current one (CourtListener and PACER correct a
-- misspelt party in place), so a docket imported again that no longer names such a defendant drops
-- it; a defendant that any other file names is that file's and stays. Defendants written by docket
-- imports before this version are not known here, and stay.
CREATE TABLE IF NOT EXISTS docket_parties (
    case_id      VARCHAR NOT NULL,
    defendant_no INTEGER NOT NULL,
    PRIMARY KEY (case_id, defendant_no)
);
