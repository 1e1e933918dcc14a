using System;
using System.Collections.Generic;

namespace SupplyChainGuard.Policy.Loading
{
    /// <summary>
    /// The officially assigned ISO 3166-1 alpha-2 codes. Written out rather than taken from RegionInfo,
    /// which depends on the host's culture data (absent under invariant globalization) and also accepts
    /// names that are not ISO codes.
    /// </summary>
    internal static class Iso3166
    {
        private const string Codes =
            "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
            "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
            "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
            "DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
            "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
            "HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
            "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY " +
            "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
            "NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA " +
            "RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
            "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ " +
            "VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

        public static readonly HashSet<string> All = new HashSet<string>(
            Codes.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

        public static bool IsValid(string code) => All.Contains(code.ToUpperInvariant());
    }
}
