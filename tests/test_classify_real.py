"""The notes classifier on code lists written by others (tests/data/eval_real_lists*.csv).

Every other evaluation set was written by the hand that wrote the training corpus; this one holds
only values real systems export (regulators' complaint categories, CRM and billing picklists),
copied as worded by third parties. See tests/data/README.md for where each list comes from.
Each batch from the third on was committed unscored, scored once to judge one round of issue 17,
and then read to build the next; which batch judged which round, and is trained on since when, is
recorded once, in the table at the top of tests/data/README.md. A batch committed unscored has no
quality floor until it is scored.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from analytics.taxonomy import SUBTYPES_BY_KEY
from models.classify import default_classifier, evaluate, normalize_texts
from models.classify.classes import FAMILY_CLASSES
from models.classify.default import load_training
from tests.check_batch import shape_problems
from tests.test_classify import assert_quality

DATA = Path(__file__).parent / "data"
BATCHES: dict[str, tuple[Path, str, int]] = {
    # name: (file, its SHA-256 pin, the least number of items)
    "first": (
        DATA / "eval_real_lists.csv",
        "8fc01c2dcada86f1f5c0c6358412ea43ae8856253f274bc3dfec2943e433aa89",
        160,
    ),
    # the later batches were committed before any model was run on them (tests/data/README.md)
    "second": (
        DATA / "eval_real_lists_b.csv",
        "2c460ba60f35a5d595570d27a6fd6a7e2fd150ef8f7780039bd0eef78390f499",
        100,
    ),
    "third": (
        DATA / "eval_real_lists_c.csv",
        "4d6626294d1b31d5a6a58ebebc8b2029c7f0c2776592ca408092517626ac8ba5",
        60,
    ),
    "fourth": (
        DATA / "eval_real_lists_d.csv",
        "860db163cd85a12fb395836c3f38a33dbdd3de47885b2da2d05c0009494115f6",
        100,
    ),
    "fifth": (
        DATA / "eval_real_lists_e.csv",
        "8a391a937ef9dcc4fb3b911573c26f25327d45c42df6e5f2074f4d240d22b527",
        90,
    ),
    "sixth": (
        DATA / "eval_real_lists_f.csv",
        "ac7f474fe5d290cea1695634c541979df9c9b670c9b62cca56b8970dbfb8dc6c",
        80,
    ),
    "seventh": (
        DATA / "eval_real_lists_g.csv",
        "9686f7bdfd5d72e1f01c8eed5ca5e47074502581a793b5d9cdff3eef9b368511",
        70,
    ),
    "eighth": (
        DATA / "eval_real_lists_h.csv",
        "84c89036d28b7336974bd9ac98a8b7f632d860c691604a6211bf0fc041274b02",
        65,
    ),
    "ninth": (
        DATA / "eval_real_lists_i.csv",
        "252c8862a3b66dcf18e4e724080b1e02e0756bcf7a1482dbc0883e9eb50ec696",
        76,
    ),
    "tenth": (
        DATA / "eval_real_lists_j.csv",
        "44019f52f3f204aeb08adbc4fbbb1372930c26436a95aef580fa88351c61c15c",
        65,
    ),
    "eleventh": (
        DATA / "eval_real_lists_k.csv",
        "5b59bf4a30cde049f885539ef17aee214f08081816156d9f7b8e45430a6bcbbb",
        56,
    ),
    "twelfth": (
        DATA / "eval_real_lists_l.csv",
        "ec9643ff86e203f398ad1c434764c5def9d25c5a5c703111647da920b2456b8a",
        28,
    ),
    "thirteenth": (
        DATA / "eval_real_lists_m.csv",
        "af8d022059b233a4a08ca2abffce60aa78b2e05bceb72418a9c1f7951b959383",
        30,
    ),
    "fourteenth": (
        DATA / "eval_real_lists_n.csv",
        "28c83972f9bdac01526139ea6d9ecc029a07e1d4ffcf00a1a1fbdde1f36fd018",
        43,
    ),
    "fifteenth": (
        DATA / "eval_real_lists_o.csv",
        "5d526ca0a69720452425992367cfeea505f08be04776dbadab97ff101e907bbb",
        30,
    ),
    "sixteenth": (
        DATA / "eval_real_lists_p.csv",
        "e1c8fa4cbf6b9d23343e41d5f739e509fd44b8d29be0f2db88e619d1f84ae4c0",
        48,
    ),
    "seventeenth": (
        DATA / "eval_real_lists_q.csv",
        "babfbb826650395ea516413aa585a826a177ebc9735c7c1b66356df1f6a4bcbc",
        69,
    ),
    "eighteenth": (
        DATA / "eval_real_lists_s.csv",
        "6dbbe6f075c517dbd2d192b22edcb6af545b541ecdd270eb037e033fdc54b78a",
        68,
    ),
    "nineteenth": (
        DATA / "eval_real_lists_t.csv",
        "1f2c1a3421e0885c16cfeef15a9ca552edf0d8d93c38052803b09cf2e68fbd72",
        50,
    ),
    "twentieth": (
        DATA / "eval_real_lists_u.csv",
        "9c9f86cc7d979a0ccbf888c7843b0cc1e540d0c04fae2f14b09009e0a5ec6eec",
        49,
    ),
    "twenty_first": (
        DATA / "eval_real_lists_v.csv",
        "6df7ae7248c924e56f1b1fe65792a2d246b891fa1bdc9684940c9fd8aa506c69",
        54,
    ),
    "twenty_second": (
        DATA / "eval_real_lists_w.csv",
        "d2439939bad9f36059c8c1e80302dbb5a7021d116567ec32549886b0a63529e6",
        70,
    ),
    "twenty_third": (
        DATA / "eval_real_lists_x.csv",
        "74266dc56ec83fc10b04023635cceffaed0b79560f0e56e85143337e4c57d807",
        61,
    ),
    "twenty_fourth": (
        DATA / "eval_real_lists_y.csv",
        "cf61cf6514077afc5bb95bf3388f7b95b0425301a5f96ac122fc235045bec70f",
        51,
    ),
    "twenty_fifth": (
        DATA / "eval_real_lists_z.csv",
        "8140092c383a53503e973bae0f05243a11bf6051d7559e51b7fca0b1f87de2f7",
        43,
    ),
    "twenty_sixth": (
        DATA / "eval_real_lists_aa.csv",
        "fd07aa346c282429e69f6c24f98980854366fa272b7a5e77e5a99fef8cbc34f2",
        49,
    ),
    "twenty_seventh": (
        DATA / "eval_real_lists_ab.csv",
        "9a9750359c7580aebce4b07194ad36d585b8f6fa115212f7d395156b807a2af0",
        43,
    ),
    "twenty_eighth": (
        DATA / "eval_real_lists_ac.csv",
        "7d5a30fa2390669723c4148eb36e37878ffc3d9165f25423132f5cec549e3513",
        38,
    ),
    "twenty_ninth": (
        DATA / "eval_real_lists_ad.csv",
        "cd109d5fa29c37655399d1ce567846484e35661cd25cce6ba9e253d9eb7da2f2",
        24,
    ),
    "thirtieth": (
        DATA / "eval_real_lists_ae.csv",
        "aaf7ad7f5ae89dad5f20df95ba728cd0c50497d08fb6064bab4b0c8b14367789",
        51,
    ),
    "thirty_first": (
        DATA / "eval_real_lists_af.csv",
        "d554b21deb5777acd627d578f9a173da3e2c1eb1563a8232555cddc395651766",
        28,
    ),
    "thirty_second": (
        DATA / "eval_real_lists_ag.csv",
        "98cc59cd9e0c20a94a5b0d9c5d86731a4eff067fa2f28256be360969e3a305b9",
        36,
    ),
    "thirty_third": (
        DATA / "eval_real_lists_ah.csv",
        "eae010ad10007ba886b3a37453ce711310b549528ea35bbe3c5134ffb48cc325",
        38,
    ),
    "thirty_fourth": (
        DATA / "eval_real_lists_ai.csv",
        "ebc6fd5b68ee1c4883cb526678ac25bf91de43d80ddd2741bdbb824ee2810bd6",
        46,
    ),
    "thirty_fifth": (
        DATA / "eval_real_lists_aj.csv",
        "633b7fa4c22789f064f66539f7f6618a5e552843b83422b059f5b5358f906e69",
        25,
    ),
    "thirty_sixth": (
        DATA / "eval_real_lists_ak.csv",
        "c211cf51cabce5fadab4f7d8da6922df71bada19c488168694ce6ed372c15c68",
        14,
    ),
    "thirty_seventh": (
        DATA / "eval_real_lists_al.csv",
        "505ecf281112dc33c0241fda8b216ab935822181397d942c632e23a83f1b5510",
        25,
    ),
    "thirty_eighth": (
        DATA / "eval_real_lists_am.csv",
        "c4da26e93cdf0feac18a08ec0d1115a334b5062d9627be6e56772c258d8544aa",
        66,
    ),
    "thirty_ninth": (
        DATA / "eval_real_lists_an.csv",
        "9ea1c0ea54caf66baffb230031a8b115f0071721625a3816fc997858331728e8",
        63,
    ),
    "fortieth": (
        DATA / "eval_real_lists_ao.csv",
        "915d6e137f6a62a00c28e676a4ca33d6e2afd8fe546cb74312dfbda78ff81958",
        42,
    ),
    "forty_first": (
        DATA / "eval_real_lists_ap.csv",
        "0ddb20ad8652a13b0ab322e6eb9fc1ed7961efd63a5a2294bd93ac9ed5328e2c",
        30,
    ),
    "forty_second": (
        DATA / "eval_real_lists_aq.csv",
        "c476f06a0a021aa47081c9bea6ac48d45ac5aed7f2e430bae4aa746dabadebb8",
        36,
    ),
    "forty_third": (
        DATA / "eval_real_lists_ar.csv",
        "a79224e6398dd85439631258f65462a7e39a359e6d9933ecb586a9c81c2e5a91",
        25,
    ),
    "forty_fourth": (
        DATA / "eval_real_lists_as.csv",
        "5bd704a33fdfce977ced11847cb07787afd034bcd0312835bdbb93e89a2d5341",
        43,
    ),
    "forty_fifth": (
        DATA / "eval_real_lists_at.csv",
        "1ebc857c7c00b6fecb35dbbb3f6a502df01dad81f7305eed2b73566e8d9ccd1a",
        38,
    ),
    "forty_sixth": (
        DATA / "eval_real_lists_au.csv",
        "562b68a67d0ba963f505e380f975740ffc782ddb3e7c37acbc47488c0cf1401f",
        50,
    ),
    "forty_seventh": (
        DATA / "eval_real_lists_av.csv",
        "5aaf82db9e3801d7d21fb7ee7c39e4fcf445ec8e9e139ad13e64e36513f8698b",
        50,
    ),
    "forty_eighth": (
        DATA / "eval_real_lists_aw.csv",
        "0913c261fb00f7cc68d7db7764401c792928bfaffd088f0a1bdc17aa10d1bb35",
        47,
    ),
    "forty_ninth": (
        DATA / "eval_real_lists_ax.csv",
        "1d2dc92d61a0941664508de49d4b0379636de21e09a2362ddb73e311e8361567",
        47,
    ),
    "fiftieth": (
        DATA / "eval_real_lists_ay.csv",
        "40449513701a13ef5157e33b64fa358fe4c0258aa918f486af74e7499a9e8292",
        46,
    ),
    "fifty_first": (
        DATA / "eval_real_lists_az.csv",
        "449996f5c151dd8b946ba0581530f463615b1f7fc1b1d49754a938a6147e3cef",
        50,
    ),
    "fifty_second": (
        DATA / "eval_real_lists_ba.csv",
        "c6db8785cf4cc1591978bc9497c2b0f3a189de752b8dcbf1a694bc6125058505",
        41,
    ),
    "fifty_third": (
        DATA / "eval_real_lists_bb.csv",
        "c11d1c49db5f8df5874c1c51dd6f7d1d1b030adb0547678b506b0e7b6a68aef1",
        48,
    ),
    "fifty_fourth": (
        DATA / "eval_real_lists_bc.csv",
        "b4d1071bc318e77d01f7ddd7af97c94a0ce5607233912fdc46a9fe40b504fb1b",
        50,
    ),
    "fifty_fifth": (
        DATA / "eval_real_lists_bd.csv",
        "fa567fa78356cac8800c7e27989e05a5685d2541c7cd73691e37c3339943dae1",
        50,
    ),
    "fifty_sixth": (
        DATA / "eval_real_lists_be.csv",
        "f0379aecff47de3d5ee1d95592d83ab6db788cbbabe7490a6c05abc66afacb4a",
        45,
    ),
    "fifty_seventh": (
        DATA / "eval_real_lists_bf.csv",
        "033a647483e5943e52ae203d0ab757921ca897d05a4d9ccbe97bc7685cd514c4",
        44,
    ),
    "fifty_eighth": (
        DATA / "eval_real_lists_bg.csv",
        "bb5415f42f4b690debaa844ce0ebeba442460f8fa748ca312a67bbb93d959993",
        36,
    ),
    "fifty_ninth": (
        DATA / "eval_real_lists_bh.csv",
        "3e1d67b9345a061c09364fd867575c8a0ade196839cf53b9255d8f5c74f363fe",
        47,
    ),
    "sixtieth": (
        DATA / "eval_real_lists_bi.csv",
        "065971dc971fc6634aae055dbcdf295f2e9069237226aa4ef38633d2ff2761cc",
        50,
    ),
    "sixty_first": (
        DATA / "eval_real_lists_bj.csv",
        "a5d60d573ca3e0dabcc8b800acfd8e4090319fb8021b90479f4f376a347223c4",
        50,
    ),
    "sixty_second": (
        DATA / "eval_real_lists_bk.csv",
        "f9a8afa13ea0a752966fb65e5365846894c4aeb42bf8ea506154260865077481",
        50,
    ),
    "sixty_third": (
        DATA / "eval_real_lists_bl.csv",
        "7820250d23d4cbbc264719eb78c55e97e9a1f32251e6881c1f31682a6c804d61",
        50,
    ),
    "sixty_fourth": (
        DATA / "eval_real_lists_bm.csv",
        "03faa4248bf973fb55cccd61d0a4f874a72bcf63caaa6869fe89938348b11936",
        50,
    ),
    "sixty_fifth": (
        DATA / "eval_real_lists_bn.csv",
        "7043fc93858f181e636f6e5293efbef7c683586fd85e8557f2e81186a4801b9e",
        46,
    ),
    "sixty_sixth": (
        DATA / "eval_real_lists_bo.csv",
        "a5eb3a6903163f606a422014d3818c5c07e6e9317f038bf90beed2c4987926b7",
        50,
    ),
    "sixty_seventh": (
        DATA / "eval_real_lists_bp.csv",
        "a8630437676bbb7a297bb5b3ad89bf97edf1a16e70b232f93f65e958d3b0dac3",
        48,
    ),
    "sixty_eighth": (
        DATA / "eval_real_lists_bq.csv",
        "95eaa3709ef2db3b9f6e6789489be1f0cceee662a7137e87bf8e23b921dd7380",
        49,
    ),
    "sixty_ninth": (
        DATA / "eval_real_lists_br.csv",
        "37443d510ac512926e5f8191fa5af67e45b3718f597657f5c50c5c8411dcee01",
        50,
    ),
    "seventieth": (
        DATA / "eval_real_lists_bs.csv",
        "9c8e66f1cc928629e4f229f400ca2b6ffce478b0af08cf80d67c87fab8e3860d",
        43,
    ),
    "seventy_first": (
        DATA / "eval_real_lists_bt.csv",
        "7aa5cede0e415af8f4b7fc19476ab3b2deb072cf66f65946b9287a11510571ae",
        50,
    ),
    "seventy_second": (
        DATA / "eval_real_lists_bu.csv",
        "31dc59e76df6e8ae5e5a63a4f1644cc116f247f93b39403410c18b4fa3ba97b4",
        48,
    ),
    "seventy_third": (
        DATA / "eval_real_lists_bv.csv",
        "a781c02c6badf599af60c78f9f6b77ab36d100e861336a035d62ebd2bc090976",
        50,
    ),
    "seventy_fourth": (
        DATA / "eval_real_lists_bw.csv",
        "82d3d61d3b9c30b643115eeaf68517ac22649d8ebeb47eb91b00fd1b6baf1318",
        50,
    ),
    "seventy_fifth": (
        DATA / "eval_real_lists_bx.csv",
        "2ef55964d462160252c53685f1d8da8a59aaa15686ee87bfee5f77d886df88c6",
        44,
    ),
    "seventy_sixth": (
        DATA / "eval_real_lists_by.csv",
        "97718c111d404112455981b4a446313bef253fa6862fc79f2e69a03943fb31b6",
        50,
    ),
    "seventy_seventh": (
        DATA / "eval_real_lists_bz.csv",
        "758738b0a45b760210939b04c24016155ee80ad0ee9f71c05b19d2ad4e5c4c45",
        50,
    ),
    "seventy_eighth": (
        DATA / "eval_real_lists_ca.csv",
        "b8fba33faa8fad79dc3eb05a02720b04abfa663cd01222f694ec5b1f678a0da7",
        47,
    ),
    "seventy_ninth": (
        DATA / "eval_real_lists_cb.csv",
        "44e37557e47ec0be0acaa255e9c6f8130d41101c19fb2bae2b627f3ff35b8d14",
        50,
    ),
    "eightieth": (
        DATA / "eval_real_lists_cc.csv",
        "cfc6893932fa82f4389cec4ed3dff7cd56821280534693d5842451089f960d2c",
        49,
    ),
    "eighty_first": (
        DATA / "eval_real_lists_cd.csv",
        "e1c3d6ae107282846532069fb45602c20c3cb1b9c08de0ff86de613a427d54e9",
        48,
    ),
    "eighty_second": (
        DATA / "eval_real_lists_ce.csv",
        "bc4b48390110be19f36914034c35a264336d647271847bb0de20f13bc874ff2d",
        47,
    ),
    "eighty_third": (
        DATA / "eval_real_lists_cf.csv",
        "9b2da86fe222d72904b46ad7db655e9e19dcd0469dca86790f99967ff0faaa9b",
        50,
    ),
    "eighty_fourth": (
        DATA / "eval_real_lists_cg.csv",
        "305c518ceca90491be41e9647c1639ad36e88ff113962c5927bc4d1f1ff2d09b",
        50,
    ),
    "eighty_fifth": (
        DATA / "eval_real_lists_ch.csv",
        "f36168eec817e18e0a26c3aa4ffe7a4b8320581b949f9bc4a8e3946acb1ce418",
        49,
    ),
    "eighty_sixth": (
        DATA / "eval_real_lists_ci.csv",
        "69812d4739efced2a54ef92f999174c9a5997f9049d801c2cc9833a7f9670493",
        36,
    ),
    "eighty_seventh": (
        DATA / "eval_real_lists_cj.csv",
        "54d78cea6b28ccb2e446d09c2e4fd10476dc5ac518d2bc88cc1cec456f6cd16f",
        50,
    ),
    "eighty_eighth": (
        DATA / "eval_real_lists_ck.csv",
        "eeeb21b90382f630f272c37a078cad01b8bd80cad3eb1f880a1aff6878c94bcb",
        50,
    ),
    "eighty_ninth": (
        DATA / "eval_real_lists_cl.csv",
        "dda1b95f39fb3a445699aea27d0480235e0c1679f4f63ccf6e9cecd708650b9a",
        40,
    ),
    "ninetieth": (
        DATA / "eval_real_lists_cm.csv",
        "744a7a1c709723b5cd1ba415b5bdf5ba169cc43130e19bc239393d77b8c68181",
        50,
    ),
    "ninety_first": (
        DATA / "eval_real_lists_cn.csv",
        "bb5563a855c42b2c7f5dbf76fa1c2f0a8d3e6b926f4123ffe002274034d9f738",
        50,
    ),
    "ninety_second": (
        DATA / "eval_real_lists_co.csv",
        "e1f7b50895d20546162d669c467fe63639e98cf0e1247d5fc740d0ce32f3cfa4",
        48,
    ),
    "ninety_third": (
        DATA / "eval_real_lists_cp.csv",
        "d14231f70bcba481314ca7a7e63a7bebd827cf37cd6f47a15fc7ef81a540d08b",
        50,
    ),
    "ninety_fourth": (
        DATA / "eval_real_lists_cq.csv",
        "c9e8917f4f3fb236121e596c8df9527b37fc064dda3e0824615945f71cadfb3f",
        45,
    ),
    "ninety_fifth": (
        DATA / "eval_real_lists_cr.csv",
        "fe048ce5c9ba60422dbb2386fd8568e3d5b77d2e6171a9bcd47be58b24acb963",
        50,
    ),
    "ninety_sixth": (
        DATA / "eval_real_lists_cs.csv",
        "f54e9bc333965a8ed31bf08425b8e34bf7e609af57fc15cb726f8af7de8feb83",
        42,
    ),
    "ninety_seventh": (
        DATA / "eval_real_lists_ct.csv",
        "b04e01d030297d8979cf84fc7bed4220b220d48cdcfffd2990c62296b44dc137",
        50,
    ),
    "ninety_eighth": (
        DATA / "eval_real_lists_cu.csv",
        "9f456f4c5ea0423faeae760554bce7d1049e66597291e77cb215bc49619a1ae9",
        42,
    ),
    "ninety_ninth": (
        DATA / "eval_real_lists_cv.csv",
        "04ed26e868d122a844255dde28417d48323f32d61f9de0481b19c58ad449c375",
        41,
    ),
    "hundredth": (
        DATA / "eval_real_lists_cw.csv",
        "1c4d70ca6da53e556693e99726911a3f665f1fe32f7f2ecc0c62e3a0058f3870",
        50,
    ),
    "hundred_first": (
        DATA / "eval_real_lists_cx.csv",
        "c1b8bf005be4df478725dc833f9bd255fbd265541fd6364a3060ebd44b3b3db2",
        47,
    ),
    "hundred_second": (
        DATA / "eval_real_lists_cy.csv",
        "a008f26792638218fcf4cf4d3fb954dd1bc68b2e6ba872c132135bcba7c0960d",
        50,
    ),
    "hundred_third": (
        DATA / "eval_real_lists_cz.csv",
        "f636a3662ab440be6f18316f98abec84b65f056e39b8b7fd3e7a029e2dc23f1c",
        50,
    ),
    "hundred_fourth": (
        DATA / "eval_real_lists_da.csv",
        "b2187e4c695724cdf9fbd13b59fec9d4b5b40222f2eb0f30721bfb29751220cf",
        10,
    ),
    "hundred_fifth": (
        DATA / "eval_real_lists_db.csv",
        "5f06878313d6acdd03115d94d51e285840335ab288af7cc6a069be259b61311c",
        41,
    ),
    "hundred_sixth": (
        DATA / "eval_real_lists_dc.csv",
        "e4032e0fbcdf655c4fa2bc7f4eb62634238417ed63368ae531b8d3b34bd3c1b5",
        48,
    ),
    "hundred_seventh": (
        DATA / "eval_real_lists_dd.csv",
        "21504768fb8b5fd4a92fca537dc14d028accec7727b91278713cd36c9de1d997",
        45,
    ),
    "hundred_eighth": (
        DATA / "eval_real_lists_de.csv",
        "98a6cede27267513372ce8bc253fa6e38190881a7cd9bb2c4e50b371f8ab30a2",
        34,
    ),
    "hundred_ninth": (
        DATA / "eval_real_lists_df.csv",
        "b9022c5b9ff370173d904816350867691418be72ed83366feee647424e9361d5",
        10,
    ),
    "hundred_tenth": (
        DATA / "eval_real_lists_dg.csv",
        "186618b043a75255f5a38d20fec257860feb5f865c4fa08edb8bf717d0b4625a",
        41,
    ),
    "hundred_eleventh": (
        DATA / "eval_real_lists_dh.csv",
        "00ed707fd82f5a1153512ca8dcdd7d72c81fac51972d8a5daf37d921fb6e32c4",
        44,
    ),
    "hundred_twelfth": (
        DATA / "eval_real_lists_di.csv",
        "5134ecf296d43496d2b363fb40052a5fda15d102d203a922652b472584a92ccb",
        48,
    ),
    "hundred_thirteenth": (
        DATA / "eval_real_lists_dj.csv",
        "b1b85fc4f089bc1fa2b118094d162b5745124daba8694ab8661fd049c95e9c29",
        46,
    ),
    "hundred_fourteenth": (
        DATA / "eval_real_lists_dk.csv",
        "9fde23d9748c8e17acc69dad1d762b23d9dff98f02955ff15e7b5c929c3272ae",
        46,
    ),
    "hundred_fifteenth": (
        DATA / "eval_real_lists_dl.csv",
        "f84cfd06be61dd71cb374f1f62944704b44fa4a19638ff64b9a00f5c3113c2ff",
        49,
    ),
    "hundred_sixteenth": (
        DATA / "eval_real_lists_dm.csv",
        "6d2c3e6ca01b3731c9c9a2057053a670b06c91e73e65f9d91c4578d5861c06c8",
        50,
    ),
    "hundred_seventeenth": (
        DATA / "eval_real_lists_dn.csv",
        "71d96c28b858898284f255e632bfb104febf6204cf650a889b7add036a770e47",
        50,
    ),
    "hundred_eighteenth": (
        DATA / "eval_real_lists_do.csv",
        "eec95b6974eb26fad3e141842e41ff59689fa98ae0411615a088df2974190188",
        50,
    ),
    "hundred_nineteenth": (
        DATA / "eval_real_lists_dp.csv",
        "6cc34b99e668cc5b9432220f1895875e539ac2cf3a039ac7d508c13beb9d39d6",
        50,
    ),
    "hundred_twentieth": (
        DATA / "eval_real_lists_dq.csv",
        "a0827e4f0ffcd6c5bc189ad1036f685fe45eda6aabaf1b5115aeec2a550d6450",
        50,
    ),
    "hundred_twenty_first": (
        DATA / "eval_real_lists_dr.csv",
        "a69a0412f348da8955c41829466b98226e74ca126fde749dba8034ce7b321279",
        49,
    ),
    "hundred_twenty_second": (
        DATA / "eval_real_lists_ds.csv",
        "4e30d17fc7f05112356bbfada90f75bbafbb485857ef7a734ab1387e76246037",
        50,
    ),
    "hundred_twenty_third": (
        DATA / "eval_real_lists_dt.csv",
        "cbfc16e4d9d0423f0b27db60e854bb94d8a5a4adc82c241da2180635c147c81b",
        40,
    ),
    "hundred_twenty_fourth": (
        DATA / "eval_real_lists_du.csv",
        "ff0b9911859f296dcf2b2adce07f2fe8c72c2a1044b0137f2a3574369204fcf4",
        50,
    ),
    "hundred_twenty_fifth": (
        DATA / "eval_real_lists_dv.csv",
        "c6e57f012cb3a10f069b07e8a48661339a085192cbf684ebfb0c1c291d29d6ca",
        50,
    ),
    "hundred_twenty_sixth": (
        DATA / "eval_real_lists_dw.csv",
        "6b645579e7c2aa1deb295d2abcf373978d0095bd38aa878b6d3020e38c268ee7",
        37,
    ),
    "hundred_twenty_seventh": (
        DATA / "eval_real_lists_dx.csv",
        "7259fcf3e7bc9140ff65956202f5db3f604bff515f500aa6df99abab88f5d0c8",
        29,
    ),
    "hundred_twenty_eighth": (
        DATA / "eval_real_lists_dy.csv",
        "94cc9a9699ea5b361f32d5bd67bdb90238ab61ce1e4dcd7fa59e03979ffd3d0b",
        42,
    ),
    "hundred_twenty_ninth": (
        DATA / "eval_real_lists_dz.csv",
        "f343566219041ed29e78efbb9fadae56b0abacb8b2cdb9904825cf975140613f",
        50,
    ),
    "hundred_thirtieth": (
        DATA / "eval_real_lists_ea.csv",
        "c01aa7b101fc91e55c301922d02f3e401cae651494847c90396a7855bc01568f",
        50,
    ),
    "hundred_thirty_first": (
        DATA / "eval_real_lists_eb.csv",
        "b9241a4bcc254164e18fd66fc6ee4df492f4a3876434b7c4437502554112bc62",
        46,
    ),
    "hundred_thirty_second": (
        DATA / "eval_real_lists_ec.csv",
        "890ea5cd3707146cd56748da5888c2bbc8de93fd7b3d0002c2d195a3ca28327a",
        50,
    ),
    "hundred_thirty_third": (
        DATA / "eval_real_lists_ed.csv",
        "441bc4cffa41a07835458a11637d91177d8f96baa7d6815be9d33967264722f9",
        50,
    ),
    "hundred_thirty_fourth": (
        DATA / "eval_real_lists_ee.csv",
        "9d384d2867fd16d7ec26617bfdc6d6c3829586b05b520cca27c0e0b8312e9fd4",
        47,
    ),
    "hundred_thirty_fifth": (
        DATA / "eval_real_lists_ef.csv",
        "56d844e90d4c7cc2cea84bc64a5cc06dd965699a07c88863a3b1f40930f0b4b7",
        50,
    ),
    "hundred_thirty_sixth": (
        DATA / "eval_real_lists_eg.csv",
        "ba2b3e5f76e5bcf3d9da63dc81f07d450121ccb9e2dbe4484b1abf2a7a314f3c",
        49,
    ),
    "hundred_thirty_seventh": (
        DATA / "eval_real_lists_eh.csv",
        "23c71b90b14f139cdaf801c02339318516223aea66c9c5ae5dce6cf43f4fb9d9",
        50,
    ),
    "hundred_thirty_eighth": (
        DATA / "eval_real_lists_ei.csv",
        "4926403a8540a03c470c0b738d5be0e34a9fa2bc3d9eb236a055fcdd4250dc49",
        37,
    ),
    "hundred_thirty_ninth": (
        DATA / "eval_real_lists_ej.csv",
        "7190be57753ba09ee78f38e078aadd46cc777b3567cf46723949b7bbacb702e8",
        50,
    ),
    "hundred_fortieth": (
        DATA / "eval_real_lists_ek.csv",
        "a48fc9ff3ca15dd5b70530033c81ae88277e79ce189b92f6d3791d91e5ebef7e",
        50,
    ),
    "hundred_forty_first": (
        DATA / "eval_real_lists_el.csv",
        "3b1e6085405be0f6cd774220f0abf134e6e3360c15f6821c21e1a933f4896664",
        49,
    ),
    "hundred_forty_second": (
        DATA / "eval_real_lists_em.csv",
        "1d7ddda7a412195570d66f69748c7ede9d8a0e27f9e16f4040fdcce1f624b77d",
        50,
    ),
    "hundred_forty_third": (
        DATA / "eval_real_lists_en.csv",
        "928faad059991f170b5ce20a6e9fd3d9de23ed3dbaecdbff7dab7e7e9a3d0113",
        50,
    ),
    "hundred_forty_fourth": (
        DATA / "eval_real_lists_eo.csv",
        "79d5cd280156e686126a21c1ba73d337fb796cf00fe4d8eb31e0494a8bf22c23",
        50,
    ),
    "hundred_forty_fifth": (
        DATA / "eval_real_lists_ep.csv",
        "0c8e8da5f98097bdfd4e38e653af5daa233a324853fa56a9cf97f25bfb240be0",
        50,
    ),
    "hundred_forty_sixth": (
        DATA / "eval_real_lists_eq.csv",
        "e4df825781f86581785fee2a03ba2192f748758b727db7794ca05c9900c44a52",
        50,
    ),
    "hundred_forty_seventh": (
        DATA / "eval_real_lists_er.csv",
        "5822e683e397795310c7ba8fbf6ff9c3e55db4c1a942769dbd765805d20a7ff1",
        48,
    ),
    "hundred_forty_eighth": (
        DATA / "eval_real_lists_es.csv",
        "75ede24288d7aced3c89246441d7c6eb634ad0822ee011a4475000c6c0b2753d",
        46,
    ),
    "hundred_forty_ninth": (
        DATA / "eval_real_lists_et.csv",
        "31de3439db3c581bfb446c470f363197a7332649edc8b617e3d7820a7a3bc3fd",
        33,
    ),
    "hundred_fiftieth": (
        DATA / "eval_real_lists_eu.csv",
        "2a4327a4605b487a2306ba518ab2e8d85635996b2814bc9af1c16acce000929e",
        50,
    ),
    "hundred_fifty_first": (
        DATA / "eval_real_lists_ev.csv",
        "c5eb75a19b4ccdb911082cc05f0d8a46b813ab6c16f10dce6a2ef1d2ac078253",
        49,
    ),
    "hundred_fifty_second": (
        DATA / "eval_real_lists_ew.csv",
        "2f81574e9d3e79b45980f66db8ccb582413c81507ebf84303640882c067191b7",
        50,
    ),
    "hundred_fifty_third": (
        DATA / "eval_real_lists_ex.csv",
        "60074f02bc59e8afcdc0dc6c60afd8d8e5463121a5d9028e377ac890a8f13ea3",
        45,
    ),
    "hundred_fifty_fourth": (
        DATA / "eval_real_lists_ey.csv",
        "3c1f8b8af6c5bd9c4e0f8b013049fb77f315f093079dfb535f22be35562d14bb",
        50,
    ),
    "hundred_fifty_fifth": (
        DATA / "eval_real_lists_ez.csv",
        "b81bc19f6160a7029655cb70219091fe6187c883f5eb09d57e8b1f68253deb48",
        49,
    ),
    "hundred_fifty_sixth": (
        DATA / "eval_real_lists_fa.csv",
        "c7d1ba5b2f999eccb1f16af6f1431e21ecc33d9502817edb0310955f180fa264",
        50,
    ),
    "hundred_fifty_seventh": (
        DATA / "eval_real_lists_fb.csv",
        "5d40acb4311494eac905cde73dcd47aac63b4e0aa48eaa7efff4a287f9090caa",
        50,
    ),
    "hundred_fifty_eighth": (
        DATA / "eval_real_lists_fc.csv",
        "339e3083d14997a1aaff44324b1946796451741869217593aebaf2833dc41325",
        44,
    ),
}
MISSING_FAMILIES = {
    "eval_real_lists_af.csv": {"not_stated"},
    "eval_real_lists_ak.csv": {"not_stated"},
    "eval_real_lists_al.csv": {"not_stated"},
    "eval_real_lists_ap.csv": {"not_stated"},
    "eval_real_lists_aq.csv": {"not_stated"},
    "eval_real_lists_ar.csv": {"attitude"},
    "eval_real_lists_as.csv": {"not_stated"},
    "eval_real_lists_at.csv": {"attitude"},
    "eval_real_lists_au.csv": {"not_stated"},
    "eval_real_lists_av.csv": {"not_stated"},
    "eval_real_lists_ay.csv": {"not_stated"},
    "eval_real_lists_az.csv": {"not_stated"},
    "eval_real_lists_ba.csv": {"not_stated"},
    "eval_real_lists_bb.csv": {"not_stated"},
    "eval_real_lists_bc.csv": {"not_stated"},
    "eval_real_lists_bd.csv": {"not_stated"},
    "eval_real_lists_bg.csv": {"attitude", "price", "process"},
    "eval_real_lists_bh.csv": {"not_stated"},
    "eval_real_lists_bj.csv": {"attitude", "not_stated"},
    "eval_real_lists_bk.csv": {"not_stated"},
    "eval_real_lists_bm.csv": {"attitude"},
    "eval_real_lists_bo.csv": {"not_stated"},
    "eval_real_lists_br.csv": {"not_stated"},
    "eval_real_lists_bs.csv": {"not_stated"},
    "eval_real_lists_bt.csv": {"not_stated"},
    "eval_real_lists_bv.csv": {"not_stated"},
    "eval_real_lists_bz.csv": {"not_stated"},
    "eval_real_lists_cb.csv": {"not_stated"},
    "eval_real_lists_ce.csv": {"not_stated"},
    "eval_real_lists_cf.csv": {"not_stated"},
    "eval_real_lists_cg.csv": {"none", "not_stated"},
    "eval_real_lists_ch.csv": {"attitude", "not_stated"},
    "eval_real_lists_ci.csv": {"not_stated"},
    "eval_real_lists_cl.csv": {"not_stated"},
    "eval_real_lists_co.csv": {"not_stated"},
    "eval_real_lists_cp.csv": {"not_stated"},
    "eval_real_lists_cq.csv": {"not_stated"},
    "eval_real_lists_ct.csv": {"attitude"},
    "eval_real_lists_cu.csv": {"not_stated"},
    "eval_real_lists_cv.csv": {"price", "not_stated"},
    "eval_real_lists_cw.csv": {"not_stated"},
    "eval_real_lists_cx.csv": {"not_stated"},
    "eval_real_lists_cz.csv": {"none", "not_stated"},
    "eval_real_lists_da.csv": {"attitude", "price", "not_stated"},
    "eval_real_lists_db.csv": {"not_stated"},
    "eval_real_lists_dc.csv": {"not_stated"},
    "eval_real_lists_dd.csv": {"attitude", "not_stated"},
    "eval_real_lists_df.csv": {"attitude", "price"},
    "eval_real_lists_dg.csv": {"attitude", "price", "not_stated"},
    "eval_real_lists_dh.csv": {"none", "not_stated"},
    "eval_real_lists_di.csv": {"not_stated"},
    "eval_real_lists_dl.csv": {"not_stated"},
    "eval_real_lists_dm.csv": {"not_stated"},
    "eval_real_lists_do.csv": {"not_stated"},
    "eval_real_lists_dr.csv": {"not_stated"},
    "eval_real_lists_ds.csv": {"not_stated"},
    "eval_real_lists_dw.csv": {"not_stated"},
    "eval_real_lists_dx.csv": {"attitude", "process"},
    "eval_real_lists_dz.csv": {"not_stated"},
    "eval_real_lists_ea.csv": {"not_stated"},
    "eval_real_lists_eb.csv": {"not_stated"},
    "eval_real_lists_ed.csv": {"not_stated"},
    "eval_real_lists_ee.csv": {"not_stated"},
    "eval_real_lists_eg.csv": {"not_stated"},
    "eval_real_lists_eh.csv": {"not_stated"},
    "eval_real_lists_ei.csv": {"attitude", "not_stated"},
    "eval_real_lists_ej.csv": {"not_stated"},
    "eval_real_lists_ek.csv": {"not_stated"},
    "eval_real_lists_el.csv": {"attitude", "not_stated"},
    "eval_real_lists_em.csv": {"price", "not_stated"},
    "eval_real_lists_en.csv": {"not_stated"},
    "eval_real_lists_eo.csv": {"not_stated"},
    "eval_real_lists_eq.csv": {"not_stated"},
    "eval_real_lists_er.csv": {"not_stated"},
    "eval_real_lists_es.csv": {"not_stated"},
    "eval_real_lists_et.csv": {"process", "not_stated"},
    "eval_real_lists_eu.csv": {"not_stated"},
    "eval_real_lists_ev.csv": {"not_stated"},
    "eval_real_lists_ez.csv": {"not_stated"},
    "eval_real_lists_fa.csv": {"not_stated"},
    "eval_real_lists_fc.csv": {"attitude", "not_stated"},
}
"""Families a batch lacks, with the reason in tests/data/README.md; any other gap fails."""
# the batches trained on, in order (tests/data/README.md's table says since which round)
TRAINED = tuple(BATCHES)[:91]
LATER = tuple(name for name in BATCHES if name not in TRAINED)  # never trained on


def _texts(path: Path) -> list[str]:
    return normalize_texts(pd.read_csv(path, dtype=str, keep_default_na=False)["text"])


@pytest.fixture(scope="module", params=list(BATCHES))
def batch(request: pytest.FixtureRequest) -> tuple[pd.DataFrame, Path, str, int]:
    path, sha, size = BATCHES[request.param]
    return pd.read_csv(path, dtype=str, keep_default_na=False), path, sha, size


@pytest.mark.quick
def test_real_lists_frozen(batch: tuple[pd.DataFrame, Path, str, int]) -> None:
    real, path, sha, size = batch
    # an edit to a batch shows in review: change its pin only with a note in tests/data/README.md
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
    assert len(real) >= size
    # the header, en/es only (the fifteenth found no Spanish value to trace), a subtype of its
    # family or none, source and style filled, no two items equal after normalisation: the
    # collectors' check (tests/check_batch.py), so the rule is written once
    assert shape_problems(real) == []
    # every batch holds all six families, but those in MISSING_FAMILIES: their collectors found no
    # value of that family both citable and new (tests/data/README.md); macro-F1 then averages five
    assert set(real["family"]) == set(FAMILY_CLASSES) - MISSING_FAMILIES.get(path.name, set())


@pytest.mark.quick
def test_trained_batches_trained_on_later_ones_never() -> None:
    """The model trains on the batches in ``TRAINED`` (``CODE_LIST_SETS``; since which round: the
    table in tests/data/README.md), all but their items equal to an item of a never-trained set;
    the later batches are never trained on: none of their items is a training row, after
    normalisation."""
    import models.classify.default as mc

    assert [p.name for p in mc.CODE_LIST_SETS] == [BATCHES[name][0].name for name in TRAINED]
    # the code-list part of NEVER_TRAINED is exactly the later batches pinned here (the other
    # never-trained sets are checked in tests/test_classify.py)
    never = {p.name for p in mc.NEVER_TRAINED if p.name.startswith("eval_real_lists")}
    assert {BATCHES[name][0].name for name in LATER} == never
    training = set(normalize_texts(load_training()["text"]))
    for name in LATER:
        assert [t for t in _texts(BATCHES[name][0]) if t in training] == [], name
    held = {t for path in mc.NEVER_TRAINED for t in _texts(path)}
    for name in TRAINED:
        assert [t for t in _texts(BATCHES[name][0]) if t not in held and t not in training] == [], name


@pytest.mark.quick
def test_real_batches_disjoint() -> None:
    """No batch shares an item with an earlier one, but for three enum codes that equal an earlier
    batch's item since round 16 splits one-word CamelCase codes, and the third batch's
    "not-as-described", which equals the fifth's "Not as described" since round 20 splits one-word
    kebab-case codes (each batch was checked disjoint under the normalisation of its day; a later
    batch is checked under today's)."""
    split_since = {
        "fifth": {"not as described"},
        "ninth": {"budget constraints", "business closed"},
        "twelfth": {"something else"},
    }
    seen: set[str] = set()
    for name, (path, _, _) in BATCHES.items():
        texts = set(_texts(path))
        assert seen & texts == split_since.get(name, set()), name
        seen |= texts


@pytest.mark.quick
def test_real_batches_take_no_source_twice() -> None:
    """No batch takes items from a repository or page an earlier batch used (its ``source`` column
    or the provenance bullets of its section in tests/data/README.md), but for the reuses
    tests/data/README.md records: three pages of the twenty-seventh batch and a repository of the
    twenty-eighth, missed by collectors who checked only the ``source`` columns, which the earlier
    batches fill with keys. The first seven batches recorded no repository, so this cannot see a
    reuse of theirs (the twenty-eighth's insurer codes, from the fifth batch's repository, were
    found by hand): ``python -m tests.provenance`` also searches the README's prose."""
    from tests.provenance import batch_origins, readme_sections

    recorded = {
        "twenty_seventh": {
            "arcotel.gob.ec/arcotel-dispone-de-un-sistema-de-atencion-de-reclamos-para-atender-a-la-ciudadania",
            "nuevojujuy.com.ar/generales/12405-las-empresas-de-servicios-al-tope-de-los-reclamos-en-octubre",
            "ombudsman.org.uk/listening-and-learning-2012/complaint-handling/statistics/reasons-for-complaints",
        },
        "twenty_eighth": {"abderhmansaeed/storewndo"},
    }
    sections = readme_sections()
    seen: set[str] = set()
    for name, (path, _, _) in BATCHES.items():
        origins = batch_origins(path, sections.get(path.name, ""))
        assert origins & seen == recorded.get(name, set()), name
        seen |= origins
    assert len(seen) > 250  # the parse found the sources (267 on 2026-12-06)


QUALITY: dict[str, dict[str, object]] = {
    # Each never-trained batch held at what the shipped model scores on it — far BELOW the issue's
    # targets (macro-F1 0.85, lowest recall 0.75, ECE 0.05, 3 % wrong at p >= 0.9) — just under the
    # measured levels: the test fails if the model reads third-party wording worse, not when it
    # reaches the targets. Every scoring of every batch is in bench/README.md ("Code lists worded
    # by others"); the floors the third to thirteenth batches had while they were never trained on
    # are in git history (third to eleventh: `git show f81f313:tests/test_classify_real.py`;
    # twelfth and thirteenth: `git show 3a01e56:tests/test_classify_real.py`). Families with too
    # few items for their recall to mean anything get no floor. A batch gets its floor once scored.
    #
    # The fourteenth to sixteenth are training data since round 19, the seventeenth since round
    # 20; their floors while they were never trained on: `git show f54ac16:tests/test_classify_real.py`
    # (fourteenth to sixteenth) and `git show 19a1b35:tests/test_classify_real.py` (seventeenth).
    #
    # The eighteenth to twentieth are training data since round 23; their floors while they were
    # never trained on: `git show d1a712b:tests/test_classify_real.py`.
    #
    # The twenty-first is training data since round 24; its floor while it was never trained on:
    # `git show 10f1a2a:tests/test_classify_real.py`.
    #
    # The twenty-second is training data since round 25; its floor while it was never trained on:
    # `git show 1a61a35:tests/test_classify_real.py`.
    #
    # The twenty-third to twenty-eighth are training data since round 42; their floors while they
    # were never trained on (round 37's and round 31's levels, with their history):
    # `git show eb92518:tests/test_classify_real.py`.
    #
    # The twenty-ninth to forty-ninth are training data since round 51; their floors while they
    # were never trained on (round 42's levels, with their history):
    # `git show 319ccfe:tests/test_classify_real.py`.
    #
    # The fiftieth to sixty-seventh are training data since round 54; their floors while they were
    # never trained on (round 51's levels, with their history):
    # `git show 98400b1:tests/test_classify_real.py`.
    #
    # The sixty-eighth to seventy-ninth are training data since round 56; their floors while they
    # were never trained on (round 54's levels, with their history):
    # `git show 2d5f137:tests/test_classify_real.py`.
    #
    # The eightieth to ninety-first are training data since round 57; their floors while they
    # were never trained on (round 56's levels, with their history):
    # `git show 073edbc:tests/test_classify_real.py`.
    #
    # Ninety-second to hundred-and-third (48, 50, 45, 50, 42, 50, 42, 41, 50, 47, 50, 50; public pages
    # and two repositories, one helper a batch, each in an area: charities and memberships; moving and
    # storage; repairs and warranties; Latin American energy and water; fintech; subscription boxes;
    # online learning; chatbots and phone menus; furniture and kitchens; car insurance; hotels;
    # Spain's consumer offices): collected while round 56's fresh-ci ran, never scored until they
    # judged round 57 pooled (round 56 369 of 565, round 57 380; 26 and 22 wrong at p >= 0.9;
    # bench/README.md, "Round 57"). Round 57, batch by batch (macro-F1, ECE, wrong at p >= 0.9, recall
    # of the families with six items or more): the ninety-second 0.585 (no not_stated item), 0.129, 1
    # of 12, attitude 0.588 (17), process 0.375 (8), none 0.600 (20); the ninety-third 0.742 (no
    # not_stated item), 0.091, 0 of 21, process 0.750 (16), price 0.538 (13), quality 0.556 (9), none
    # 1.000 (7); the ninety-fourth 0.455 (no not_stated item), 0.216, 3 of 20, process 0.636 (22),
    # price 0.714 (7), none 0.429 (7); the ninety-fifth 0.698, 0.086, 1 of 23, process 0.739 (23),
    # price 0.778 (9), quality 1.000 (10); the ninety-sixth 0.512, 0.219, 4 of 18, process 0.400 (15),
    # price 1.000 (6), quality 0.444 (9), none 0.700 (10); the ninety-seventh 0.641, 0.126, 3 of 23,
    # process 0.778 (9), price 0.833 (6), quality 0.444 (9), none 0.840 (25); the ninety-eighth 0.643
    # (no not_stated item), 0.134, 0 of 16, process 0.625 (16), quality 0.636 (11), none 0.444 (9);
    # the ninety-ninth 0.255 (no not_stated item), 0.302, 3 of 13, process 0.682 (22), quality 0.133
    # (15); the hundredth 0.742 (no not_stated item), 0.108, 2 of 28, attitude 0.714 (7), process
    # 1.000 (21), quality 0.583 (12), none 0.286 (7); the hundred-and-first 0.683 (no not_stated
    # item), 0.221, 4 of 25, process 0.696 (23), price 0.667 (6), quality 0.857 (7), none 0.500 (8);
    # the hundred-and-second 0.754, 0.066, 1 of 25, process 0.667 (15), price 0.727 (11), quality
    # 0.733 (15), none 0.500 (6); the hundred-and-third 0.701 (no not_stated item), 0.080, 0 of 31,
    # process 0.958 (24), price 0.846 (13), quality 1.000 (11). Floors a hundredth below a measured
    # value that is a round number.
    "ninety_second": dict(
        macro_f1=0.58,
        recall_floors={"attitude": 0.58, "process": 0.37, "none": 0.59},
        ece=0.13,
        confident_wrong=0.09,
        confident_share=0.24,
    ),
    "ninety_third": dict(
        macro_f1=0.74,
        recall_floors={"process": 0.74, "price": 0.53, "quality": 0.55, "none": 0.99},
        ece=0.1,
        confident_wrong=0.0,
        confident_share=0.41,
    ),
    "ninety_fourth": dict(
        macro_f1=0.45,
        recall_floors={"process": 0.63, "price": 0.71, "none": 0.42},
        ece=0.22,
        confident_wrong=0.15,
        confident_share=0.44,
    ),
    "ninety_fifth": dict(
        macro_f1=0.69,
        recall_floors={"process": 0.73, "price": 0.77, "quality": 0.99},
        ece=0.09,
        confident_wrong=0.05,
        confident_share=0.45,
    ),
    "ninety_sixth": dict(
        macro_f1=0.51,
        recall_floors={"process": 0.39, "price": 0.99, "quality": 0.44, "none": 0.69},
        ece=0.22,
        confident_wrong=0.23,
        confident_share=0.42,
    ),
    "ninety_seventh": dict(
        macro_f1=0.64,
        recall_floors={"process": 0.77, "price": 0.83, "quality": 0.44, "none": 0.83},
        ece=0.13,
        confident_wrong=0.14,
        confident_share=0.45,
    ),
    "ninety_eighth": dict(
        macro_f1=0.64,
        recall_floors={"process": 0.62, "quality": 0.63, "none": 0.44},
        ece=0.14,
        confident_wrong=0.0,
        confident_share=0.38,
    ),
    "ninety_ninth": dict(
        macro_f1=0.25,
        recall_floors={"process": 0.68, "quality": 0.13},
        ece=0.31,
        confident_wrong=0.24,
        confident_share=0.31,
    ),
    "hundredth": dict(
        macro_f1=0.74,
        recall_floors={"attitude": 0.71, "process": 0.99, "quality": 0.58, "none": 0.28},
        ece=0.11,
        confident_wrong=0.08,
        confident_share=0.55,
    ),
    "hundred_first": dict(
        macro_f1=0.68,
        recall_floors={"process": 0.69, "price": 0.66, "quality": 0.85, "none": 0.49},
        ece=0.23,
        confident_wrong=0.16,
        confident_share=0.53,
    ),
    "hundred_second": dict(
        macro_f1=0.75,
        recall_floors={"process": 0.66, "price": 0.72, "quality": 0.73, "none": 0.49},
        ece=0.07,
        confident_wrong=0.04,
        confident_share=0.49,
    ),
    "hundred_third": dict(
        macro_f1=0.7,
        recall_floors={"process": 0.95, "price": 0.84, "quality": 0.99},
        ece=0.08,
        confident_wrong=0.0,
        confident_share=0.61,
    ),
    #
    # Hundred-and-fourth to hundred-and-eleventh (10, 41, 48, 45, 34, 10, 41, 44; public pages and
    # three repositories, one helper a batch, each in an area: laundries; driving schools and
    # inspections; fuel; sports clubs; EV charging; prescriptions; app-review complaints; renovation
    # contractors; collected while the session's search budget ran out, so smaller and more lopsided):
    # never scored until they judged round 58 pooled (round 57 158 of 273, round 58 158; 12 and 15
    # wrong at p >= 0.9; round 58 did not ship: bench/README.md, "Round 58"). Round 57, batch by batch
    # (macro-F1, ECE, wrong at p >= 0.9, recall of the families with six items or more): the hundred-
    # and-fourth 0.360 (no not_stated item), 0.190, 1 of 5, no family of six items; the hundred-and-
    # fifth 0.429 (no not_stated item), 0.278, 3 of 10, attitude 0.333 (9), process 0.750 (8), quality
    # 0.400 (15), none 0.667 (6); the hundred-and-sixth 0.599 (no not_stated item), 0.229, 0 of 17,
    # process 0.643 (14), price 1.000 (7), quality 0.444 (18), none 0.333 (6); the hundred-and-seventh
    # 0.539 (no not_stated item), 0.156, 2 of 23, process 0.333 (6), price 1.000 (8), quality 0.500
    # (6), none 0.720 (25); the hundred-and-eighth 0.499, 0.198, 1 of 4, process 0.667 (6), quality
    # 0.312 (16), none 0.429 (7); the hundred-and-ninth 0.133, 0.186, 0 of 1, none 0.667 (6); the
    # hundred-and-tenth 0.298 (no not_stated item), 0.150, 3 of 17, quality 0.703 (37); the hundred-
    # and-eleventh 0.430 (no not_stated item), 0.130, 2 of 16, process 0.692 (26), quality 0.600 (15).
    # Floors a hundredth below a measured value that is a round number.
    "hundred_fourth": dict(
        macro_f1=0.35,
        recall_floors={},
        ece=0.19,
        confident_wrong=0.2,
        confident_share=0.49,
    ),
    "hundred_fifth": dict(
        macro_f1=0.42,
        recall_floors={"attitude": 0.33, "process": 0.74, "quality": 0.39, "none": 0.66},
        ece=0.28,
        confident_wrong=0.3,
        confident_share=0.24,
    ),
    "hundred_sixth": dict(
        macro_f1=0.59,
        recall_floors={"process": 0.64, "price": 0.99, "quality": 0.44, "none": 0.33},
        ece=0.23,
        confident_wrong=0.0,
        confident_share=0.35,
    ),
    "hundred_seventh": dict(
        macro_f1=0.53,
        recall_floors={"process": 0.33, "price": 0.99, "quality": 0.49, "none": 0.71},
        ece=0.16,
        confident_wrong=0.09,
        confident_share=0.51,
    ),
    "hundred_eighth": dict(
        macro_f1=0.49,
        recall_floors={"process": 0.66, "quality": 0.31, "none": 0.42},
        ece=0.2,
        confident_wrong=0.25,
        confident_share=0.11,
    ),
    "hundred_ninth": dict(
        macro_f1=0.13,
        recall_floors={"none": 0.66},
        ece=0.19,
        confident_wrong=0.0,
        confident_share=0.09,
    ),
    "hundred_tenth": dict(
        macro_f1=0.29,
        recall_floors={"quality": 0.7},
        ece=0.16,
        confident_wrong=0.18,
        confident_share=0.41,
    ),
    "hundred_eleventh": dict(
        macro_f1=0.43,
        recall_floors={"process": 0.69, "quality": 0.59},
        ece=0.14,
        confident_wrong=0.13,
        confident_share=0.36,
    ),
    # Hundred-and-twelfth to hundred-and-twenty-seventh (48, 46, 46, 49, 50, 50, 50, 50, 50, 49, 50,
    # 40, 50, 50, 37, 29; public pages and a few repositories, one helper a batch, each in an area:
    # banks and fintech; chatbots and contact-centre codes; repairs; Spanish-speaking consumer
    # agencies; online learning; insurance; utilities; parcels and marketplaces; streaming and
    # newspapers; travel; rentals; public services; shops and restaurants; apps and games; staff
    # behaviour; no-failure reasons and non-answers): collected at the start of a session, never
    # scored until they judged round 59 pooled (round 57 505 of 744, round 59 503; 24 wrong at p >=
    # 0.9 each; round 59 did not ship: bench/README.md, "Round 59"). Round 57, batch by batch
    # (macro-F1, ECE, wrong at p >= 0.9, recall of the families with six items or more): the hundred-
    # and-twelfth 0.688 (no not_stated item), 0.172, 3 of 23, process 0.875 (16), price 0.778 (9),
    # quality 0.533 (15); the hundred-and-thirteenth 0.686, 0.093, 2 of 18, attitude 0.833 (6),
    # process 0.778 (18), quality 0.750 (8), none 0.250 (8); the hundred-and-fourteenth 0.655, 0.150,
    # 0 of 16, attitude 0.500 (6), process 0.800 (20), quality 0.900 (10), none 0.500 (6); the
    # hundred-and-fifteenth 0.662 (no not_stated item), 0.129, 1 of 24, attitude 0.750 (8), process
    # 0.571 (21), price 0.857 (7), quality 0.700 (10); the hundred-and-sixteenth 0.635 (no not_stated
    # item), 0.108, 0 of 20, process 0.826 (23), price 0.500 (6), quality 0.900 (10), none 0.429 (7);
    # the hundred-and-seventeenth 0.606, 0.158, 1 of 21, process 0.895 (19), price 0.667 (6), none
    # 0.462 (13); the hundred-and-eighteenth 0.652 (no not_stated item), 0.069, 1 of 16, attitude
    # 0.429 (7), process 0.750 (24), quality 1.000 (7), none 0.375 (8); the hundred-and-nineteenth
    # 0.407, 0.173, 2 of 20, process 0.625 (24), quality 0.500 (8), none 0.455 (11); the hundred-and-
    # twentieth 0.871, 0.037, 1 of 28, process 0.917 (12), quality 0.632 (19), none 0.700 (10); the
    # hundred-and-twenty-first 0.699 (no not_stated item), 0.127, 4 of 24, attitude 0.571 (7), process
    # 0.692 (13), quality 0.500 (14), none 0.600 (10); the hundred-and-twenty-second 0.833 (no
    # not_stated item), 0.075, 1 of 21, process 0.846 (13), price 0.909 (11), quality 0.727 (11), none
    # 0.636 (11); the hundred-and-twenty-third 0.785, 0.112, 0 of 17, process 1.000 (11), quality
    # 0.750 (16); the hundred-and-twenty-fourth 0.654, 0.203, 5 of 28, attitude 0.875 (8), process
    # 0.571 (21), quality 0.769 (13); the hundred-and-twenty-fifth 0.644, 0.110, 0 of 15, process
    # 0.667 (12), quality 0.722 (18), none 0.692 (13); the hundred-and-twenty-sixth 0.654 (no
    # not_stated item), 0.102, 0 of 18, attitude 0.588 (17), process 0.923 (13); the hundred-and-
    # twenty-seventh 0.515, 0.273, 3 of 17, none 0.550 (20), not_stated 0.833 (6). Floors a hundredth
    # below a measured value that is a round number.
    "hundred_twelfth": dict(
        macro_f1=0.68,
        recall_floors={"process": 0.87, "price": 0.77, "quality": 0.53},
        ece=0.18,
        confident_wrong=0.14,
        confident_share=0.47,
    ),
    "hundred_thirteenth": dict(
        macro_f1=0.68,
        recall_floors={"attitude": 0.83, "process": 0.77, "quality": 0.74, "none": 0.24},
        ece=0.1,
        confident_wrong=0.12,
        confident_share=0.39,
    ),
    "hundred_fourteenth": dict(
        macro_f1=0.65,
        recall_floors={"attitude": 0.49, "process": 0.79, "quality": 0.89, "none": 0.49},
        ece=0.15,
        confident_wrong=0.0,
        confident_share=0.34,
    ),
    "hundred_fifteenth": dict(
        macro_f1=0.66,
        recall_floors={"attitude": 0.74, "process": 0.57, "price": 0.85, "quality": 0.69},
        ece=0.13,
        confident_wrong=0.05,
        confident_share=0.48,
    ),
    "hundred_sixteenth": dict(
        macro_f1=0.63,
        recall_floors={"process": 0.82, "price": 0.49, "quality": 0.89, "none": 0.42},
        ece=0.11,
        confident_wrong=0.0,
        confident_share=0.39,
    ),
    "hundred_seventeenth": dict(
        macro_f1=0.6,
        recall_floors={"process": 0.89, "price": 0.66, "none": 0.46},
        ece=0.16,
        confident_wrong=0.05,
        confident_share=0.41,
    ),
    "hundred_eighteenth": dict(
        macro_f1=0.65,
        recall_floors={"attitude": 0.42, "process": 0.74, "quality": 0.99, "none": 0.37},
        ece=0.07,
        confident_wrong=0.07,
        confident_share=0.31,
    ),
    "hundred_nineteenth": dict(
        macro_f1=0.4,
        recall_floors={"process": 0.62, "quality": 0.49, "none": 0.45},
        ece=0.18,
        confident_wrong=0.1,
        confident_share=0.39,
    ),
    "hundred_twentieth": dict(
        macro_f1=0.87,
        recall_floors={"process": 0.91, "quality": 0.63, "none": 0.69},
        ece=0.04,
        confident_wrong=0.04,
        confident_share=0.55,
    ),
    "hundred_twenty_first": dict(
        macro_f1=0.69,
        recall_floors={"attitude": 0.57, "process": 0.69, "quality": 0.49, "none": 0.59},
        ece=0.13,
        confident_wrong=0.17,
        confident_share=0.48,
    ),
    "hundred_twenty_second": dict(
        macro_f1=0.83,
        recall_floors={"process": 0.84, "price": 0.9, "quality": 0.72, "none": 0.63},
        ece=0.08,
        confident_wrong=0.05,
        confident_share=0.41,
    ),
    "hundred_twenty_third": dict(
        macro_f1=0.78,
        recall_floors={"process": 0.99, "quality": 0.74},
        ece=0.12,
        confident_wrong=0.0,
        confident_share=0.42,
    ),
    "hundred_twenty_fourth": dict(
        macro_f1=0.65,
        recall_floors={"attitude": 0.87, "process": 0.57, "quality": 0.76},
        ece=0.21,
        confident_wrong=0.18,
        confident_share=0.55,
    ),
    "hundred_twenty_fifth": dict(
        macro_f1=0.64,
        recall_floors={"process": 0.66, "quality": 0.72, "none": 0.69},
        ece=0.12,
        confident_wrong=0.0,
        confident_share=0.29,
    ),
    "hundred_twenty_sixth": dict(
        macro_f1=0.65,
        recall_floors={"attitude": 0.58, "process": 0.92},
        ece=0.11,
        confident_wrong=0.0,
        confident_share=0.48,
    ),
    "hundred_twenty_seventh": dict(
        macro_f1=0.51,
        recall_floors={"none": 0.54, "not_stated": 0.83},
        ece=0.28,
        confident_wrong=0.18,
        confident_share=0.58,
    ),
    # Hundred-and-twenty-eighth to hundred-and-thirty-seventh (42, 50, 50, 46, 50, 50, 47, 50, 49, 50;
    # public pages, one helper a batch, each in an area: clinics and dentists; mobility; business
    # software; pensions and brokers; betting and games; tickets and parks; home contracts; schools
    # and childcare; portability and business telecom; pharmacies and health plans): collected after
    # round 59 was judged, never scored until they judged round 60 pooled (round 57 326 of 484, round
    # 60 334; 14 and 12 wrong at p >= 0.9; round 60 did not ship, on the seventh set: bench/README.md,
    # "Round 60"). Round 57, batch by batch (macro-F1, ECE, wrong at p >= 0.9, recall of the families
    # with six items or more): the hundred-and-twenty-eighth 0.803, 0.091, 1 of 22, attitude 0.800
    # (10), process 0.800 (10), none 0.714 (14); the hundred-and-twenty-ninth 0.772 (no not_stated
    # item), 0.150, 1 of 21, attitude 0.700 (10), process 0.846 (13), price 0.714 (7), quality 0.538
    # (13), none 0.714 (7); the hundred-and-thirtieth 0.661 (no not_stated item), 0.148, 2 of 23,
    # price 0.667 (9), quality 0.889 (18), none 0.500 (16); the hundred-and-thirty-first 0.690 (no
    # not_stated item), 0.124, 0 of 18, process 0.821 (28), none 0.833 (6); the hundred-and-thirty-
    # second 0.735, 0.193, 4 of 19, process 0.389 (18), quality 0.800 (10), none 0.235 (17); the
    # hundred-and-thirty-third 0.800 (no not_stated item), 0.057, 1 of 20, attitude 0.750 (8), process
    # 0.850 (20), quality 0.667 (9), none 0.750 (8); the hundred-and-thirty-fourth 0.633 (no
    # not_stated item), 0.114, 1 of 20, attitude 0.833 (6), process 0.733 (15), price 0.500 (10),
    # quality 0.500 (12); the hundred-and-thirty-fifth 0.510, 0.136, 1 of 10, attitude 0.500 (12),
    # process 0.583 (12), price 0.667 (6), quality 0.385 (13), none 0.667 (6); the hundred-and-thirty-
    # sixth 0.816 (no not_stated item), 0.074, 0 of 30, process 0.850 (20), price 0.778 (9), quality
    # 0.917 (12); the hundred-and-thirty-seventh 0.720 (no not_stated item), 0.111, 3 of 23, attitude
    # 1.000 (6), process 0.650 (20), price 0.444 (9), quality 0.833 (6), none 0.667 (9). Floors a
    # hundredth below a measured value that is a round number.
    "hundred_twenty_eighth": dict(
        macro_f1=0.8,
        recall_floors={"attitude": 0.79, "process": 0.79, "none": 0.71},
        ece=0.1,
        confident_wrong=0.05,
        confident_share=0.52,
    ),
    "hundred_twenty_ninth": dict(
        macro_f1=0.77,
        recall_floors={"attitude": 0.69, "process": 0.84, "price": 0.71, "quality": 0.53, "none": 0.71},
        ece=0.15,
        confident_wrong=0.05,
        confident_share=0.41,
    ),
    "hundred_thirtieth": dict(
        macro_f1=0.66,
        recall_floors={"price": 0.66, "quality": 0.88, "none": 0.49},
        ece=0.15,
        confident_wrong=0.09,
        confident_share=0.45,
    ),
    "hundred_thirty_first": dict(
        macro_f1=0.68,
        recall_floors={"process": 0.82, "none": 0.83},
        ece=0.13,
        confident_wrong=0.0,
        confident_share=0.39,
    ),
    "hundred_thirty_second": dict(
        macro_f1=0.73,
        recall_floors={"process": 0.38, "quality": 0.79, "none": 0.23},
        ece=0.2,
        confident_wrong=0.22,
        confident_share=0.37,
    ),
    "hundred_thirty_third": dict(
        macro_f1=0.79,
        recall_floors={"attitude": 0.74, "process": 0.84, "quality": 0.66, "none": 0.74},
        ece=0.06,
        confident_wrong=0.05,
        confident_share=0.39,
    ),
    "hundred_thirty_fourth": dict(
        macro_f1=0.63,
        recall_floors={"attitude": 0.83, "process": 0.73, "price": 0.49, "quality": 0.49},
        ece=0.12,
        confident_wrong=0.05,
        confident_share=0.42,
    ),
    "hundred_thirty_fifth": dict(
        macro_f1=0.5,
        recall_floors={"attitude": 0.49, "process": 0.58, "price": 0.66, "quality": 0.38, "none": 0.66},
        ece=0.14,
        confident_wrong=0.1,
        confident_share=0.19,
    ),
    "hundred_thirty_sixth": dict(
        macro_f1=0.81,
        recall_floors={"process": 0.84, "price": 0.77, "quality": 0.91},
        ece=0.08,
        confident_wrong=0.0,
        confident_share=0.61,
    ),
    "hundred_thirty_seventh": dict(
        macro_f1=0.71,
        recall_floors={"attitude": 0.99, "process": 0.64, "price": 0.44, "quality": 0.83, "none": 0.66},
        ece=0.12,
        confident_wrong=0.14,
        confident_share=0.45,
    ),
    # Hundred-and-thirty-eighth to hundred-and-forty-second (37, 50, 50, 49, 50; public pages and
    # three repositories, one helper a batch, each in an area: meal kits and drink clubs; benefit and
    # tax agencies; donors and members; partners leaving platforms; unsubscribe reasons; heavy in
    # reasons that are no failure): collected after round 60 was judged, never scored until they
    # judged round 61 pooled (round 57 136 of 236, round 61 123; 11 and 10 wrong at p >= 0.9; round 61
    # did not ship: bench/README.md, "Round 61"). Round 57, batch by batch (macro-F1, ECE, wrong at p
    # >= 0.9, recall of the families with six items or more): the hundred-and-thirty-eighth 0.578 (no
    # not_stated item), 0.185, 2 of 17, process 0.857 (14), quality 0.500 (10), none 0.636 (11); the
    # hundred-and-thirty-ninth 0.595 (no not_stated item), 0.171, 1 of 17, attitude 0.917 (12),
    # process 0.833 (24), none 0.667 (9); the hundred-and-fortieth 0.667 (no not_stated item), 0.146,
    # 1 of 19, none 0.735 (34); the hundred-and-forty-first 0.390 (no not_stated item), 0.319, 4 of
    # 10, none 0.300 (40); the hundred-and-forty-second 0.274 (no not_stated item), 0.249, 3 of 8,
    # attitude 0.000 (6; no floor: nothing to hold), quality 0.381 (21), none 0.526 (19). Floors a
    # hundredth below a measured value that is a round number.
    "hundred_thirty_eighth": dict(
        macro_f1=0.57,
        recall_floors={"process": 0.85, "quality": 0.49, "none": 0.63},
        ece=0.19,
        confident_wrong=0.12,
        confident_share=0.45,
    ),
    "hundred_thirty_ninth": dict(
        macro_f1=0.59,
        recall_floors={"attitude": 0.91, "process": 0.83, "none": 0.66},
        ece=0.18,
        confident_wrong=0.06,
        confident_share=0.33,
    ),
    "hundred_fortieth": dict(
        macro_f1=0.66,
        recall_floors={"none": 0.73},
        ece=0.15,
        confident_wrong=0.06,
        confident_share=0.37,
    ),
    "hundred_forty_first": dict(
        macro_f1=0.39,
        recall_floors={"none": 0.29},
        ece=0.32,
        confident_wrong=0.4,
        confident_share=0.2,
    ),
    "hundred_forty_second": dict(
        macro_f1=0.27,
        recall_floors={"quality": 0.38, "none": 0.52},
        ece=0.25,
        confident_wrong=0.38,
        confident_share=0.15,
    ),
}


@pytest.mark.parametrize("name", LATER)
def test_real_lists_quality(name: str) -> None:
    """Each never-trained batch, collected by a helper who ran no model on it and committed
    unscored, held at the shipped model's levels (the floors and their history: ``QUALITY``). A
    batch gets its floor only once it has been scored; until then it is skipped, not scored."""
    if name not in QUALITY:
        pytest.skip("not scored yet")
    real = pd.read_csv(BATCHES[name][0], dtype=str, keep_default_na=False)
    assert_quality(evaluate(default_classifier(), real), recall=0.0, **QUALITY[name])


SECOND_READINGS = {
    "xyz": (
        DATA / "second_reading_xyz.csv",
        "c9b87c3f425bef93ef0b85672cb131cf628b470a82528189d5f4f55c805e055e",
        {"x": "twenty_third", "y": "twenty_fourth", "z": "twenty_fifth"},
        {"A", "B", "C", "D"},
    ),
    "as-ax": (
        DATA / "second_reading_as_ax.csv",
        "1bcdf8e5d9955345731dae8fad05c374b7dd30eda78e948ee9cf0955a1f5e2dc",
        {
            "as": "forty_fourth",
            "at": "forty_fifth",
            "au": "forty_sixth",
            "av": "forty_seventh",
            "aw": "forty_eighth",
            "ax": "forty_ninth",
        },
        {"A", "B"},
    ),
}
"""The second readings bench/label_agreement.py scores (tests/data/README.md): file, digest, the
batches read (letter: name in ``BATCHES``) and the readers."""


@pytest.mark.quick
@pytest.mark.parametrize("reading", sorted(SECOND_READINGS))
def test_second_reading_covers_every_item_once_per_reader(reading: str) -> None:
    """Each second reading is frozen, and each of its readers gives one family, and a subtype of
    that family or none, to every item of the batches it reads."""
    path, digest, batches, readers = SECOND_READINGS[reading]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    readings = pd.read_csv(path, dtype=str, keep_default_na=False)
    items = sorted(
        (b, t) for b, name in batches.items() for t in pd.read_csv(BATCHES[name][0], dtype=str)["text"]
    )
    assert set(readings["reader"]) == readers
    for _, part in readings.groupby("reader"):
        assert sorted(zip(part["batch"], part["text"])) == items
    assert set(readings["family"]) <= set(FAMILY_CLASSES)
    assert set(readings["sure"]) == {"yes", "no"}
    typed = readings[readings["subtype"] != ""]
    assert [SUBTYPES_BY_KEY[s].family for s in typed["subtype"]] == typed["family"].tolist()


CHARGE_READING = (
    DATA / "second_reading_charges.csv",
    "2018a17894d8e774d86124b8e52b4dbef3547f8895c6a46de80968b84ccd75f0",
)


@pytest.mark.quick
def test_charge_reading_covers_every_read_item_once_per_reader() -> None:
    """The charge readings bench/charge_line.py scores (tests/data/README.md): frozen, three readers,
    each choosing once for every item, and every item a scored batch's item labelled
    billing_error or unexpected_charges."""
    path, digest = CHARGE_READING
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    readings = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert set(readings["reader"]) == {"A", "B", "C"}
    assert set(readings["choice"]) <= {"billing_error", "unexpected_charges", "price_too_high", "other"}
    assert set(readings["family"]) <= set(FAMILY_CLASSES)
    assert set(readings["sure"]) == {"yes", "no"}
    items = sorted(set(zip(readings["batch"], readings["text"])))
    assert len(items) == 188
    for _, part in readings.groupby("reader"):
        assert sorted(zip(part["batch"], part["text"])) == items
    names = {"a": "eval_real_lists.csv"}
    labelled = set()
    for batch in {b for b, _ in items}:
        frame = pd.read_csv(
            DATA / names.get(batch, f"eval_real_lists_{batch}.csv"), dtype=str, keep_default_na=False
        )
        charged = frame[frame["subtype"].isin(["billing_error", "unexpected_charges"])]
        labelled |= {(batch, t) for t in charged["text"]}
    assert set(items) <= labelled
