//! The offline link checks, kind by kind: targets that must be reported and correct targets
//! that must stay silent.

use cuadra::links::{
    LinkPolicy, LinkPolicySpec, LinkProblem, LinkProblemKind as K, MalformedReason as R, check_destination,
    check_target, check_text_vs_target, find_bare_urls,
};

fn check(target: &str) -> Vec<LinkProblem> {
    let problems = check_target(target, LinkPolicy::builtin());
    for p in &problems {
        assert!(target.get(p.span.clone()).is_some(), "bad span {:?} in {target:?}", p.span);
    }
    problems
}

fn kinds(target: &str) -> Vec<K> {
    check(target).into_iter().map(|p| p.kind).collect()
}

/// Correct targets of every shape: none may produce a finding, neither in prose nor as a link
/// destination.
const SILENT: &[&str] = &[
    "https://www.imss.gob.mx/prensa/archivo/202405/220",
    "https://es.wikipedia.org/wiki/Instituto_Mexicano_del_Seguro_Social",
    "https://es.wikipedia.org/wiki/Foo_(bar)",
    "https://es.wikipedia.org/wiki/Bogotá",
    "https://www.youtube.com/watch?v=fxOJB6zdOHk&list=PLBF865A5E91324EF7",
    "https://imss.gob.mx/prensa#boletin-220",
    "https://www.tijuana.gob.mx/Dependencias/RegistroCivil/index.aspx",
    "https://docs.google.com/forms/d/e/1FAIpQLSf/viewform",
    "https://forms.gle/pGdKXrhFRU7dFXp78",
    "http://ljz.mx/images/stories/fotos_marzo2013/ife.png",
    "http://i.imgur.com/uZWSb47m.jpg",
    "http://mi_blog.blogspot.com/2020/11/x.html",
    "https://notwetransfer.com/x",
    "https://bitly.example.org.mx/x",
    "https://user:pw@imss.gob.mx:8443/x",
    "https://[2001:db8::1]/x",
    "https://web.archive.org/web/2013/http://ljz.mx/",
    "https://www.facebook.com/sharer.php?u=https://imss.gob.mx/prensa",
    "https://españa.es/",
    "mailto:prensa@imss.gob.mx",
    "mailto:a@imss.gob.mx,b@imss.gob.mx?subject=Bolet%C3%ADn",
    "tel:+525555555555",
    "ftp://ftp.example-files.mx/pub",
    "/ruta/al/boletin-220",
    "/img/cnr/playas-tijuana.jpg",
    "#ancla",
    "?pagina=2",
    "../fotos/foto.jpg",
    "convocatoria-ezln",
    "foto.jpg",
    "index.html",
];

#[test]
fn correct_targets_are_silent() {
    for target in SILENT {
        assert_eq!(check(target), [], "{target}");
        let as_destination = check_destination(target, LinkPolicy::builtin());
        assert_eq!(as_destination, [], "destination {target}");
    }
}

#[test]
fn www_without_scheme_is_fine_in_prose_but_not_as_a_destination() {
    for target in ["www.imss.gob.mx", "www.gob.mx/diconsa", "WWW.IMSS.GOB.MX"] {
        assert_eq!(kinds(target), [], "{target}");
    }
    for target in ["www.imss.gob.mx", "imss.gob.mx/prensa", "www.rosarito.gob.mx/bolsa"] {
        let problems = check_destination(target, LinkPolicy::builtin());
        assert_eq!(problems.len(), 1, "{target}");
        let p = &problems[0];
        assert_eq!(p.kind, K::MissingScheme);
        let fix = p.fix.as_ref().unwrap();
        assert_eq!(fix.apply(target), format!("https://{target}"));
        assert!(fix.safe, "gob.mx is known to serve https");
    }
    let p = &check_destination("www.ljz.mx", LinkPolicy::builtin())[0];
    assert!(!p.fix.as_ref().unwrap().safe, "unknown host: https is a guess");
    assert_eq!(p.span, 0..10);
}

#[test]
fn malformed_targets() {
    let cases: &[(&str, R, &str)] = &[
        ("http//www.imss.gob.mx", R::SchemeMisspelled, "http//"),
        ("http:/www.imss.gob.mx", R::SchemeMisspelled, "http:/"),
        ("htps://www.imss.gob.mx", R::SchemeMisspelled, "htps://"),
        ("htttp://www.imss.gob.mx", R::SchemeMisspelled, "htttp://"),
        ("https;//www.imss.gob.mx", R::SchemeMisspelled, "https;//"),
        ("http: //www.imss.gob.mx", R::SchemeMisspelled, "http: //"),
        ("http/transparencia.zacatecas.gob.mx/x", R::SchemeMisspelled, "http/"),
        ("http://https://www.imss.gob.mx", R::DoubledScheme, "http://https://"),
        ("http://ljz.mx/http://www.jornada.unam.mx/a.jpg", R::NestedUrl, "http://ljz.mx/"),
        ("www.imss. gob.mx", R::SpaceInHost, " "),
        ("https://www.imss .gob.mx/x", R::SpaceInHost, " "),
        ("http://www.fovissste.gob.mx.", R::HostEndsWithDot, "."),
        ("https://www..imss.gob.mx", R::EmptyHostLabel, ".."),
        ("https://imss,gob.mx", R::InvalidHostChar, ","),
        ("https://imss!.gob.mx", R::InvalidHostChar, "!"),
        ("https://-imss.gob.mx", R::InvalidHostChar, "-"),
        ("https://imss.gob_mx", R::InvalidHostChar, "_"),
        ("https://?q=1", R::EmptyHost, "https://"),
        ("https://#x", R::EmptyHost, "https://"),
        ("http://ljz.mx/fotos_marzo2013/p8 prosoft.jpg", R::SpaceInUrl, " "),
        ("mailto:", R::InvalidEmail, "mailto:"),
        ("mailto:prensa(at)imss.gob.mx", R::InvalidEmail, "prensa(at)imss.gob.mx"),
        ("file:///C:/Users/prensa/boletin.docx", R::LocalFile, "file:///C:/Users/prensa/boletin.docx"),
        ("https://imss.gob.mx:99999/", R::Unparsable, "imss.gob.mx"),
    ];
    for &(target, reason, spanned) in cases {
        let problems = check(target);
        let p = problems
            .iter()
            .find(|p| p.kind == K::Malformed)
            .unwrap_or_else(|| panic!("{target}: no Malformed in {problems:?}"));
        assert_eq!(p.reason, Some(reason), "{target}");
        assert_eq!(&target[p.span.clone()], spanned, "{target}");
        assert_eq!(K::Malformed.default_severity(), "error");
    }
}

#[test]
fn scheme_fixes() {
    for (target, fixed) in [
        ("http//www.imss.gob.mx", "http://www.imss.gob.mx"),
        ("htps://www.imss.gob.mx", "https://www.imss.gob.mx"),
        ("https;//www.imss.gob.mx", "https://www.imss.gob.mx"),
        ("http://https://www.imss.gob.mx", "https://www.imss.gob.mx"),
        ("http://ljz.mx/p8 cercos de nopal.jpg", "http://ljz.mx/p8%20cercos%20de%20nopal.jpg"),
    ] {
        let problems = check(target);
        let fix = problems[0].fix.as_ref().unwrap_or_else(|| panic!("{target}"));
        assert_eq!(fix.apply(target), fixed);
    }
}

#[test]
fn empty_targets() {
    for target in ["", "   ", "\u{a0}"] {
        assert_eq!(kinds(target), [K::Empty], "{target:?}");
    }
}

#[test]
fn placeholder_targets() {
    for (target, detail) in [
        ("URL", "URL"),
        ("aquí va el link", "aquí va el link"),
        ("Aqui va el LINK", "Aqui va el LINK"),
        ("link", "link"),
        ("http://", "http://"),
        ("https://", "https://"),
        ("#", "#"),
        ("XXX", "XXX"),
        ("{{url}}", "{{url}}"),
        ("https://imss.gob.mx/prensa/{{ boletin }}", "{{ boletin }}"),
        ("https://imss.gob.mx/boletin/XXX", "/XXX"),
        ("[ENLACE]", "[ENLACE]"),
        ("example.com", "example.com"),
        ("https://www.example.com/fotos", "example.com"),
        ("https://ejemplo.com", "ejemplo.com"),
        ("http://sitio.test/x", "test"),
    ] {
        let problems = check(target);
        assert_eq!(problems.len(), 1, "{target}: {problems:?}");
        assert_eq!(problems[0].kind, K::Placeholder, "{target}");
        assert_eq!(problems[0].detail, detail, "{target}");
    }
    // Capital letters inside a real path are not placeholders.
    assert_eq!(kinds("https://imss.gob.mx/XXL/tallas"), []);
    assert_eq!(kinds("https://www.youtube.com/watch?v=XXwq1"), []);
}

#[test]
fn expiring_transfer_links() {
    for (target, entry) in [
        ("https://wetransfer.com/downloads/abc/def", "wetransfer.com"),
        ("https://www.wetransfer.com/downloads/abc", "wetransfer.com"),
        ("https://we.tl/t-AbCdEf", "we.tl"),
        ("https://www.swisstransfer.com/d/bd90aaaa-dab3", "swisstransfer.com"),
        ("https://www.filemail.com/d/abc", "filemail.com"),
        ("https://www.transfernow.net/dl/abc", "transfernow.net"),
        ("https://fromsmash.com/abc", "fromsmash.com"),
        ("https://send-anywhere.com/web/link/abc", "send-anywhere.com"),
        ("https://www.dropbox.com/t/AbC", "dropbox.com/t/"),
        ("www.wetransfer.com/downloads/x", "wetransfer.com"),
    ] {
        let problems = check(target);
        assert_eq!(problems.len(), 1, "{target}: {problems:?}");
        assert_eq!(problems[0].kind, K::Expiring, "{target}");
        assert_eq!(problems[0].detail, entry);
        assert_eq!(&target[problems[0].span.clone()][..3], &target[problems[0].span.start..][..3]);
    }
    assert_eq!(K::Expiring.default_severity(), "error");
}

#[test]
fn cloud_drive_links() {
    for target in [
        "https://drive.google.com/drive/folders/11e79aNkQgyjXQmBFIxyjWcotbl12M-m9",
        "https://drive.google.com/file/d/abc/view?usp=sharing",
        "https://docs.google.com/document/d/abc/edit",
        "https://www.dropbox.com/s/abc/foto.jpg?dl=0",
        "https://www.dropbox.com/scl/fo/abc",
        "https://onedrive.live.com/?id=abc",
        "https://1drv.ms/f/s!abc",
        "https://imss-my.sharepoint.com/:f:/g/personal/x",
        "https://www.icloud.com/iclouddrive/abc",
        "https://mega.nz/folder/abc#key",
    ] {
        assert_eq!(kinds(target), [K::CloudDrive], "{target}");
    }
    assert_eq!(K::CloudDrive.default_severity(), "warning");
}

#[test]
fn shorteners() {
    for target in [
        "http://bit.ly/zeeje01",
        "https://goo.gl/maps/abc",
        "https://t.co/AbC",
        "https://tinyurl.com/y3abc",
        "https://ow.ly/abc",
        "https://cutt.ly/abc",
    ] {
        assert_eq!(kinds(target), [K::Shortener], "{target}");
    }
    // Google Maps share links are exempt (built-in `allow`).
    assert_eq!(kinds("https://maps.app.goo.gl/AbC123"), []);
    // Hosts that merely end in the same letters.
    assert_eq!(kinds("https://microsoft.co/x"), []);
    assert_eq!(kinds("https://hbit.ly.example.mx/x"), []);
}

#[test]
fn insecure_http_on_https_hosts() {
    for target in [
        "http://www.imss.gob.mx/prensa",
        "http://imss.gob.mx",
        "http://www.gob.mx/imss",
        "http://www.condusef.gob.mx",
        "HTTP://WWW.IMSS.GOB.MX",
        "http://www.youtube.com/watch?v=cb7aCMspNUg",
    ] {
        let problems = check(target);
        assert_eq!(problems.len(), 1, "{target}: {problems:?}");
        let p = &problems[0];
        assert_eq!(p.kind, K::InsecureHttp, "{target}");
        assert_eq!(p.span, 0..7);
        let fix = p.fix.as_ref().unwrap();
        assert!(fix.safe);
        assert_eq!(fix.apply(target), format!("https://{}", &target[7..]));
    }
    // Hosts not known to serve https, and https already.
    assert_eq!(kinds("http://ljz.mx/x.jpg"), []);
    assert_eq!(kinds("https://www.imss.gob.mx"), []);
    assert_eq!(kinds("http://gob.mx.evil.net/"), []);
}

#[test]
fn text_target_mismatch() {
    let p = check_text_vs_target("www.imss.gob.mx", "https://www.gob.mx/imss").unwrap();
    assert_eq!(p.kind, K::TextTargetMismatch);
    assert_eq!(p.span, 0..23);
    assert_eq!(K::TextTargetMismatch.default_severity(), "warning");
    for (text, target) in [
        ("www.imss.gob.mx", "https://imss.gob.mx"),
        ("https://www.imss.gob.mx/", "http://IMSS.gob.mx"),
        ("IMSS", "https://www.gob.mx/imss"),
    ] {
        assert!(check_text_vs_target(text, target).is_none(), "{text} vs {target}");
    }
}

#[test]
fn user_extension_adds_hosts_and_allows_others() {
    let ext: LinkPolicySpec = toml::from_str(
        r#"
        allow = ["drive.google.com"]
        [hosts]
        expiring = ["transfer.imss-interno.mx"]
        shortener = ["imss.mx"]
        "#,
    )
    .unwrap();
    let policy = LinkPolicy::builtin().extended(&ext).unwrap();
    let kinds_with = |t: &str| -> Vec<K> { check_target(t, &policy).into_iter().map(|p| p.kind).collect() };
    assert_eq!(kinds_with("https://transfer.imss-interno.mx/d/1"), [K::Expiring]);
    assert_eq!(kinds_with("https://imss.mx/abc"), [K::Shortener]);
    assert_eq!(kinds_with("https://drive.google.com/drive/folders/x"), []);
    assert_eq!(kinds_with("https://we.tl/t-x"), [K::Expiring], "built-in lists are kept");
    // Unknown fields in a user's table are an error, not ignored.
    assert!(toml::from_str::<LinkPolicySpec>("[hosts]\nexpirng = []\n").is_err());
}

#[test]
fn every_problem_from_prose_is_reachable_through_find_bare_urls() {
    let text = "Fotos en htps://www.imss.gob.mx/fotos, video en https://we.tl/t-abc y \
                datos en www.imss. gob.mx o en http://www.gob.mx/imss.";
    let found: Vec<Vec<K>> = find_bare_urls(text)
        .into_iter()
        .map(|r| check_target(&text[r], LinkPolicy::builtin()).into_iter().map(|p| p.kind).collect())
        .collect();
    assert_eq!(found, [vec![K::Malformed], vec![K::Expiring], vec![K::Malformed], vec![K::InsecureHttp]]);
}

#[test]
fn rule_ids_are_unique_and_in_the_link_family() {
    let mut ids: Vec<&str> = K::ALL.iter().map(|k| k.rule_id()).collect();
    assert!(ids.iter().all(|id| id.starts_with("link.")));
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), K::ALL.len());
}
