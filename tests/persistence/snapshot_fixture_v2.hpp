// A snapshot written by licpool's own writer (format version 2) before issue 14 split the
// pool into components: the `rich` pool of test_snapshot.cpp, saved on 2026-01-20. Kept word
// for word so that files written before a restructuring keep loading after it (DESIGN 7).
// Regenerate only with a format change that keeps reading this one, and keep this one too.
#ifndef LICPOOL_TESTS_PERSISTENCE_SNAPSHOT_FIXTURE_V2_HPP
#define LICPOOL_TESTS_PERSISTENCE_SNAPSHOT_FIXTURE_V2_HPP

namespace licpool_test {

inline constexpr const char* snapshot_fixture_v2 = R"snap(licpool-snapshot 2
catalog contact_center
serial LP-TEST
source keys
latest-date 2026-01-20
trial LP-TEST 258 24100108GG1W2XSSXPT5KB0T4XRCSPQ5
key 24300508E4001PTHJ55P6NDC6PKN7ZSN
key 241G01G8F80Y1RACEN9PJ5HJZ5SSR73F
key 24100108GG1W2XSSXPT5KB0T4XRCSPQ5
key 240G0S07Q8000TWCZ6Q6JQCJKDXJ11HJ
key 244000G7Q8000N3CZE41HJVRNBB5KK6Q
key 24500187Q80016EDYRQ2KSYPD3JTCG6F
zone east
setting east tts 1 4 1
setting east outbound_port 2 15 3
org east acme 40
setting east/acme outbound_port 1 12 1
zone west
org west globex 0
job reminders east acme 8 reserved running -
job-kind reminders outbound_port 2 10
job-kind reminders tts 0 3
job-kind reminders telephony_port 2 10
job surveys east acme 3 dynamic paused -
job-kind surveys outbound_port 0 8
job-kind surveys telephony_port 0 8
job old%20list west globex 1 reserved stopped -
job-kind old%20list outbound_port 0 5
job-kind old%20list telephony_port 0 5
job renewals west globex 4 reserved running preview_agent
job-kind renewals preview_agent 1 6
job-kind renewals telephony_port 0 30
user east acme ann user assigned active
attribute routing direct%25100
attribute team night%20shift
assigned agent_web_api
user east acme bob user none active
user east acme carl user none removed
user east acme desk%204 station assigned active
assigned agent_web_api
poll - - - - holding
daily-audit on 2026-01-20
fence 2
lease mps-1 1 41 telephony_port 20 345600000
lease-request mps-1 41 1
lease-request mps-2 1 2
audits 4
report 2026-01-02 0
report-kind telephony_port 100 24 4 0 0 20 76 ok
report-kind asr 4 0 0 0 0 0 4 ok
report-kind tts 6 0 0 0 0 0 6 ok
report-kind sms 0 0 0 0 0 0 0 ok
report-kind email 0 0 0 0 0 0 0 ok
report-kind outbound_port 20 3 3 0 0 0 17 ok
report-kind manual_agent 0 0 0 0 0 0 0 ok
report-kind preview_agent 2 1 1 0 0 0 1 ok
report-kind predictive_agent 0 0 0 0 0 0 0 ok
report-kind agent_web_api 5 3 0 2 1 0 2 ok
report-kind external_selection 0 0 0 0 0 0 0 ok
report-tenant east acme 40 0 40
report-tenant west globex 0 0 0
report 2026-01-03 1
report-kind telephony_port 100 24 4 0 0 20 76 ok
report-kind asr 4 0 0 0 0 0 4 ok
report-kind tts 6 0 0 0 0 0 6 ok
report-kind sms 0 0 0 0 0 0 0 ok
report-kind email 0 0 0 0 0 0 0 ok
report-kind outbound_port 20 3 3 0 0 0 17 ok
report-kind manual_agent 0 0 0 0 0 0 0 ok
report-kind preview_agent 2 1 1 0 0 0 1 ok
report-kind predictive_agent 0 0 0 0 0 0 0 ok
report-kind agent_web_api 5 3 0 2 1 0 2 ok
report-kind external_selection 0 0 0 0 0 0 0 ok
report-tenant east acme 40 0 40
report-tenant west globex 0 0 0
report 2026-01-04 2
report-kind telephony_port 100 24 4 0 0 20 76 ok
report-kind asr 4 0 0 0 0 0 4 ok
report-kind tts 6 0 0 0 0 0 6 ok
report-kind sms 0 0 0 0 0 0 0 ok
report-kind email 0 0 0 0 0 0 0 ok
report-kind outbound_port 20 3 3 0 0 0 17 ok
report-kind manual_agent 0 0 0 0 0 0 0 ok
report-kind preview_agent 2 1 1 0 0 0 1 ok
report-kind predictive_agent 0 0 0 0 0 0 0 ok
report-kind agent_web_api 5 3 0 2 1 0 2 ok
report-kind external_selection 0 0 0 0 0 0 0 ok
report-tenant east acme 40 0 40
report-tenant west globex 0 0 0
report 2026-01-20 3
report-kind telephony_port 100 24 4 0 0 20 76 ok
report-kind asr 4 0 0 0 0 0 4 ok
report-kind tts 0 0 0 0 0 0 0 ok
report-kind sms 0 0 0 0 0 0 0 ok
report-kind email 0 0 0 0 0 0 0 ok
report-kind outbound_port 20 3 3 0 0 0 17 ok
report-kind manual_agent 0 0 0 0 0 0 0 ok
report-kind preview_agent 2 1 1 0 0 0 1 ok
report-kind predictive_agent 0 0 0 0 0 0 0 ok
report-kind agent_web_api 5 3 0 2 1 0 2 ok
report-kind external_selection 0 0 0 0 0 0 0 ok
report-tenant east acme 40 0 40
report-tenant west globex 0 0 0
report-finding zone_mins_above_entitlement tts the%20zones'%20mins%20for%20tts%20add%20up%20to%201,%20above%20its%20entitlement%20of%200
mac 35e6d78abc32ca56a3621195d7a9cb5a69fa4c2e81541fcfa0a14fa8d805a869
)snap";

} // namespace licpool_test

#endif // LICPOOL_TESTS_PERSISTENCE_SNAPSHOT_FIXTURE_V2_HPP
