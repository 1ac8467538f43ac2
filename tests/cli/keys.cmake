# Golden tests of `licpool keygen` and `licpool verify` (DESIGN 3). The keys in the verify
# tests are the ones the keygen tests above them print, so the two commands are tested
# together: what keygen issues, verify accepts, on the right serial, catalog and days.
# vendor.secret holds 32 raw bytes; short.secret 15, one too few.

licpool_cli_test("keygen issues a perpetual key" STDOUT cli/keygen_perpetual.out
  ARGS keygen --secret-file vendor.secret --serial LP-0001 --feature telephony_port --count 100 --issued 2026-01-15)
licpool_cli_test("keygen issues a key valid for some days" STDOUT cli/keygen_expiring.out
  ARGS keygen --secret-file vendor.secret --serial LP-0001 --feature asr --count 8 --issued 2026-01-15 --days 365)
licpool_cli_test("keygen issues a trial" STDOUT cli/keygen_trial.out
  ARGS keygen --secret-file vendor.secret --serial LP-0001 --feature sms --count 1 --issued 2026-02-01 --trial)
licpool_cli_test("keygen issues a trial with --days 60" STDOUT cli/keygen_trial_60.out
  ARGS keygen --secret-file vendor.secret --serial LP-0001 --feature sms --count 1 --issued 2026-02-10 --trial --days 60)
licpool_cli_test("keygen issues a bundle key" STDOUT cli/keygen_bundle.out
  ARGS keygen --secret-file vendor.secret --serial LP-0001 --feature uc_small_business_20 --count 2 --issued 2026-01-01 --catalog pbx)
licpool_cli_test("keygen binds a key to its serial" STDOUT cli/keygen_other_serial.out
  ARGS keygen --secret-file vendor.secret --serial LP-0002 --feature telephony_port --count 10 --issued 2026-01-15)
licpool_cli_test("keygen reads a serial in any case with spaces around it" STDOUT cli/keygen_other_serial.out
  ARGS keygen --secret-file vendor.secret --serial " lp-0002 " --feature telephony_port --count 10 --issued 2026-01-15)
licpool_cli_test("keygen refuses a missing option" STDOUT cli/empty.out STDERR cli/keygen_missing_option.err EXIT 2
  ARGS keygen --serial LP-0001 --feature sms --count 1)
licpool_cli_test("keygen refuses a trial of other than 60 days" STDOUT cli/empty.out STDERR cli/keygen_trial_days.err EXIT 2
  ARGS keygen --secret-file vendor.secret --serial LP-0001 --feature sms --count 1 --trial --days 30)
licpool_cli_test("keygen refuses an unknown feature" STDOUT cli/empty.out STDERR cli/keygen_unknown_feature.err EXIT 2
  ARGS keygen --secret-file vendor.secret --serial LP-0001 --feature fax_port --count 1 --catalog pbx)
licpool_cli_test("keygen refuses a bad date" STDOUT cli/empty.out STDERR cli/keygen_bad_date.err EXIT 2
  ARGS keygen --secret-file vendor.secret --serial LP-0001 --feature sms --count 1 --issued 2026-02-30)
licpool_cli_test("keygen refuses a count out of range" STDOUT cli/empty.out STDERR cli/keygen_bad_count.err EXIT 2
  ARGS keygen --secret-file vendor.secret --serial LP-0001 --feature asr --count 70000 --issued 2026-01-01)
licpool_cli_test("keygen refuses a boolean kind's count other than 1" STDOUT cli/empty.out STDERR cli/keygen_boolean_count.err EXIT 2
  ARGS keygen --secret-file vendor.secret --serial LP-0001 --feature marquee --count 5 --issued 2026-01-01 --catalog web_portal)
licpool_cli_test("keygen refuses a short secret" STDOUT cli/empty.out STDERR cli/keygen_short_secret.err EXIT 2
  ARGS keygen --secret-file short.secret --serial LP-0001 --feature sms --count 1 --issued 2026-01-01)
licpool_cli_test("verify accepts perpetual, expiring and trial keys" STDOUT cli/verify_ok.out
  ARGS verify --secret-file vendor.secret --serial LP-0001 --today 2026-03-01 240g-0s08-kr00-0kph-jkyx-n0cr-zatc-ctn2 24100208KRBD08BVZD8T44NHSSQ53BJF 24200088NW1W3KARZMNQ8MJ04WVCPW9W)
licpool_cli_test("verify shows a bundle as its parts" STDOUT cli/verify_bundle.out
  ARGS verify --secret-file vendor.secret --serial LP-0001 --catalog pbx --today 2026-03-01 28G000G8J00012RHNYGPJQP8Z3NR0TQN 281G0188J0000R4MDD7P938BE5B52NQW)
licpool_cli_test("verify refuses a key for another serial" STDOUT cli/verify_wrong_serial.out EXIT 1
  ARGS verify --secret-file vendor.secret --serial LP-0002 --today 2026-03-01 240G0S08KR000KPHJKYXN0CRZATCCTN2 240G02G8KR001V9HGD3R1EZGW2YQSEEF)
licpool_cli_test("verify refuses an expired key" STDOUT cli/verify_expired.out EXIT 1
  ARGS verify --secret-file vendor.secret --serial LP-0001 --today 2026-03-01 243005074C0Y0RTNMCQQ3YE7N84W5KJA 240G0S08KR000KPHJKYXN0CRZATCCTN2)
licpool_cli_test("verify refuses a key before its issue day" STDOUT cli/verify_not_yet_valid.out EXIT 1
  ARGS verify --secret-file vendor.secret --serial LP-0001 --today 2026-03-01 243001894W00083BGASR4QGD5NYP0SQ7)
licpool_cli_test("verify counts a key from its issue day" STDOUT cli/verify_from_issue_day.out
  ARGS verify --secret-file vendor.secret --serial LP-0001 --today 2026-06-01 243001894W00083BGASR4QGD5NYP0SQ7)
licpool_cli_test("verify refuses a trial after its 60 days" STDOUT cli/verify_trial_expired.out EXIT 1
  ARGS verify --secret-file vendor.secret --serial LP-0001 --today 2026-04-02 24200088NW1W3KARZMNQ8MJ04WVCPW9W)
licpool_cli_test("verify names a malformed key character and its position" STDOUT cli/verify_malformed.out EXIT 1
  ARGS verify --secret-file vendor.secret --serial LP-0001 --today 2026-03-01 240g-0s08-ku00-0kph-jkyx-n0cr-zatc-ctn2 240G0S08KR000KPHJKYXN0CRZATCCTN 240G0S08KR000KPHJKYXN0CRZATCCTN2)
licpool_cli_test("verify allows one trial per serial and feature" STDOUT cli/verify_trial_twice.out EXIT 1
  ARGS verify --secret-file vendor.secret --serial LP-0001 --today 2026-03-01 24200088NW1W3KARZMNQ8MJ04WVCPW9W 24200088Q01W238679MTW06088T8VH7X 24200088NW1W3KARZMNQ8MJ04WVCPW9W)
licpool_cli_test("verify counts the same key once" STDOUT cli/verify_same_key_twice.out
  ARGS verify --secret-file vendor.secret --serial LP-0001 --today 2026-03-01 240G0S08KR000KPHJKYXN0CRZATCCTN2 240g-0s08-kr00-0kph-jkyx-n0cr-zatc-ctn2)
licpool_cli_test("verify clips at the platform cap" STDOUT cli/verify_clipped.out
  ARGS verify --secret-file vendor.secret --serial LP-0001 --catalog pbx --today 2026-03-01 282G00R8J00013DVDE4CSZGSCS3FHXSK 282G00R8J4000VNANV4KZ2N454H2FJC0)
licpool_cli_test("verify refuses a key of another catalog" STDOUT cli/verify_unknown_feature.out EXIT 1
  ARGS verify --secret-file vendor.secret --serial LP-0001 --today 2026-03-01 282G00R8J00013DVDE4CSZGSCS3FHXSK)
licpool_cli_test("verify needs a key" STDOUT cli/empty.out STDERR cli/verify_no_key.err EXIT 2
  ARGS verify --secret-file vendor.secret --serial LP-0001)
licpool_cli_test("verify needs a serial" STDOUT cli/empty.out STDERR cli/verify_missing_option.err EXIT 2
  ARGS verify --secret-file vendor.secret 240G0S08KR000KPHJKYXN0CRZATCCTN2)
licpool_cli_test("verify refuses a short secret" STDOUT cli/empty.out STDERR cli/verify_short_secret.err EXIT 2
  ARGS verify --secret-file short.secret --serial LP-0001 240G0S08KR000KPHJKYXN0CRZATCCTN2)
