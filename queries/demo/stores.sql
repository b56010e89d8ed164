-- Demo generator: builds the temp table demo_store (store_idx, member_id, platform, store_name,
-- seller_id, city_code, district, sector_code) for every member store and non-member store from
-- the registered integer frame demo_store_src, the member frame demo_member_src and the bound name
-- lists; member stores take city, district and sector from their member. Returns nothing.
CREATE OR REPLACE TEMP TABLE demo_store AS
WITH s AS (
    SELECT src.*,
           $platforms[src.platform_i + 1] AS platform,
           $pre[src.a + 1] || $suf[src.b + 1] AS stem,
           mm.member_id, mm.trade, mm.city_py,
           mm.city_code AS m_city, mm.district AS m_district, mm.sector_code AS m_sector
    FROM demo_store_src src
    LEFT JOIN demo_member_src mm ON mm.member_no = src.member_no
)
SELECT store_idx,
       member_id,
       platform,
       CASE tpl
           WHEN 0 THEN upper(trade) || ' Direct'
           WHEN 1 THEN trade || '-US'
           WHEN 2 THEN trade || ' Official Store'
           WHEN 3 THEN city_py || 'shi' || lower(trade) || 'maoyi'
           WHEN 4 THEN stem
           WHEN 5 THEN stem || ' Store'
           WHEN 6 THEN stem || 'Home'
           WHEN 7 THEN stem || ' Direct'
           WHEN 8 THEN stem || '-US'
           WHEN 9 THEN upper(stem)
           WHEN 10 THEN stem || ' ' || $words[c + 1]
           WHEN 11 THEN lower(stem) || num
           -- 7 capital letters, like the made-up names of many marketplace storefronts
           WHEN 12 THEN translate(to_base(rnd % 7722894400 + 308915776, 26),
                                  '0123456789ABCDEFGHIJKLMNOP', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
           WHEN 13 THEN 'Shop' || (900000000 + sid % 100000000) || ' Store'
           ELSE $city_py[cp + 1] || $py[p1 + 1] || $py[p2 + 1]
       END AS store_name,
       -- sid is unique per platform (an affine bijection of store_idx), so seller ids are too
       CASE platform
           WHEN 'amazon' THEN 'A' || to_base(sid, 36, 7) || to_base(rnd % 2176782336, 36, 6)
           WHEN 'temu' THEN '6344' || printf('%011d', sid)
           WHEN 'walmart' THEN CAST(100000000 + sid AS VARCHAR)
           WHEN 'aliexpress' THEN CAST(1100000000 + sid AS VARCHAR)
           WHEN 'ebay' THEN lower(stem) || '_' || lower(to_base(sid, 36, 5))
           WHEN 'shein' THEN 'SH' || printf('%010d', sid)
           WHEN 'tiktok_shop' THEN '7494' || printf('%015d', sid)
           WHEN 'wish' THEN '5' || lower(to_base(sid, 16, 11)) || lower(to_base(rnd % 17592186044416, 16, 12))
           WHEN 'etsy' THEN stem || 'Shop' || to_base(sid, 36, 5)
           WHEN 'dhgate' THEN '2' || printf('%08d', sid)
           WHEN 'alibaba' THEN 'cn' || printf('%010d', sid)
           ELSE lower(stem) || '-' || lower(to_base(sid, 36, 5)) || '.com'
       END AS seller_id,
       coalesce(m_city, CASE WHEN city_i >= 0 THEN $cities[city_i + 1] END) AS city_code,
       coalesce(m_district, CASE WHEN district_i >= 0 THEN $districts[district_i + 1] END) AS district,
       coalesce(m_sector, CASE WHEN sector_i >= 0 THEN $sectors[sector_i + 1] END) AS sector_code
FROM s
