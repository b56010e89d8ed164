-- Demo generator: the cases planted for each truth item of demo_truth (one row per case).
CREATE TABLE IF NOT EXISTS demo_truth_cases (
    truth_id VARCHAR NOT NULL,
    case_id  VARCHAR NOT NULL
)
