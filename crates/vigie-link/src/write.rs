//! Writers over `impl Write`: networks as JSON, nodes and edges as CSV (spreadsheets), the graph
//! as GEXF 1.3 (Gephi), circuits as CSV and GeoJSON.
//!
//! Outputs contain identifiers by design (they are an investigator's working files); nothing
//! here writes to a log.

use std::io::{self, Write};

use quick_xml::escape::escape;
use vigie_model::{Circuit, LinkReport};

use crate::linked::GraphView;

fn csv_err(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// The whole report as pretty JSON.
pub fn write_json(report: &LinkReport, mut w: impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, report)?;
    w.write_all(b"\n")
}

/// One row per node: `id,kind,label,network,degree,hub,risk`.
pub fn write_nodes_csv(graph: &GraphView, w: impl Write) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["id", "kind", "label", "network", "degree", "hub", "risk"])
        .map_err(csv_err)?;
    for n in &graph.nodes {
        out.write_record([
            n.id.as_str(),
            n.kind.as_str(),
            n.label.as_str(),
            &n.network.map(|x| x.to_string()).unwrap_or_default(),
            &n.degree.to_string(),
            if n.hub { "true" } else { "false" },
            &n.risk.map(|r| format!("{r:.4}")).unwrap_or_default(),
        ])
        .map_err(csv_err)?;
    }
    out.flush()
}

/// One row per edge: `source,target,reason,weight,jaccard,hub`.
pub fn write_edges_csv(graph: &GraphView, w: impl Write) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["source", "target", "reason", "weight", "jaccard", "hub"])
        .map_err(csv_err)?;
    for e in &graph.edges {
        out.write_record([
            e.source.as_str(),
            e.target.as_str(),
            e.reason.as_str(),
            &format!("{:.4}", e.weight),
            &e.jaccard.map(|j| format!("{j:.4}")).unwrap_or_default(),
            if e.hub { "true" } else { "false" },
        ])
        .map_err(csv_err)?;
    }
    out.flush()
}

/// The graph as GEXF 1.3: node attributes `kind`, `network`, `degree`, `hub`, `risk`; edge
/// attributes `reason`, `jaccard`, `hub`, and the edge weight. Every text is XML-escaped; `hub`
/// defaults to false and is written only when true (the file stays smaller at a million ads).
pub fn write_gexf(graph: &GraphView, w: impl Write) -> io::Result<()> {
    let mut w = io::BufWriter::new(w);
    w.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
  <meta><creator>vigie link</creator><description>Networks of documents and shared identifiers</description></meta>
  <graph defaultedgetype="undirected" mode="static">
    <attributes class="node">
      <attribute id="0" title="kind" type="string"/>
      <attribute id="1" title="network" type="integer"/>
      <attribute id="2" title="degree" type="integer"/>
      <attribute id="3" title="hub" type="boolean"><default>false</default></attribute>
      <attribute id="4" title="risk" type="double"/>
    </attributes>
    <attributes class="edge">
      <attribute id="0" title="reason" type="string"/>
      <attribute id="1" title="jaccard" type="double"/>
      <attribute id="2" title="hub" type="boolean"><default>false</default></attribute>
    </attributes>
    <nodes>
"#,
    )?;
    for n in &graph.nodes {
        write!(
            w,
            "      <node id=\"{}\" label=\"{}\"><attvalues><attvalue for=\"0\" value=\"{}\"/>",
            escape(n.id.as_str()),
            escape(n.label.as_str()),
            n.kind.as_str()
        )?;
        if let Some(net) = n.network {
            write!(w, "<attvalue for=\"1\" value=\"{net}\"/>")?;
        }
        write!(w, "<attvalue for=\"2\" value=\"{}\"/>", n.degree)?;
        if n.hub {
            w.write_all(b"<attvalue for=\"3\" value=\"true\"/>")?;
        }
        if let Some(r) = n.risk {
            write!(w, "<attvalue for=\"4\" value=\"{r:.4}\"/>")?;
        }
        w.write_all(b"</attvalues></node>\n")?;
    }
    w.write_all(b"    </nodes>\n    <edges>\n")?;
    for (i, e) in graph.edges.iter().enumerate() {
        write!(
            w,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{:.4}\"><attvalues><attvalue for=\"0\" value=\"{}\"/>",
            escape(e.source.as_str()),
            escape(e.target.as_str()),
            e.weight,
            e.reason.as_str()
        )?;
        if let Some(j) = e.jaccard {
            write!(w, "<attvalue for=\"1\" value=\"{j:.4}\"/>")?;
        }
        if e.hub {
            w.write_all(b"<attvalue for=\"2\" value=\"true\"/>")?;
        }
        w.write_all(b"</attvalues></edge>\n")?;
    }
    w.write_all(b"    </edges>\n  </graph>\n</gexf>\n")?;
    w.flush()
}

/// One row per stop: `network,stop,place,name,lat,lon,first_seen,last_seen,dwell_hours,documents,flags`.
pub fn write_circuits_csv(report: &LinkReport, w: impl Write) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record([
        "network",
        "stop",
        "place",
        "name",
        "lat",
        "lon",
        "first_seen",
        "last_seen",
        "dwell_hours",
        "documents",
        "flags",
    ])
    .map_err(csv_err)?;
    for c in &report.circuits {
        for (i, s) in c.stops.iter().enumerate() {
            let flags: Vec<&str> = c
                .flags
                .iter()
                .filter(|f| f.stop == i)
                .map(|f| match f.kind {
                    vigie_model::CircuitFlagKind::ShortStay => "short_stay",
                    vigie_model::CircuitFlagKind::LongJump => "long_jump",
                })
                .collect();
            out.write_record([
                c.network.to_string().as_str(),
                &(i + 1).to_string(),
                &s.place,
                &s.name,
                &s.lat.map(|x| x.to_string()).unwrap_or_default(),
                &s.lon.map(|x| x.to_string()).unwrap_or_default(),
                &s.first_seen,
                &s.last_seen,
                &format!("{:.1}", s.dwell_hours),
                &s.documents.to_string(),
                &flags.join(";"),
            ])
            .map_err(csv_err)?;
        }
    }
    out.flush()
}

fn circuit_features(c: &Circuit) -> Vec<serde_json::Value> {
    use serde_json::json;
    let coords: Vec<[f64; 2]> = c.stops.iter().filter_map(|s| Some([s.lon?, s.lat?])).collect();
    let mut out = Vec::new();
    if coords.len() >= 2 {
        out.push(json!({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": coords},
            "properties": {"network": c.network, "stops": c.stops.len(), "flags": c.flags.len()},
        }));
    }
    for (i, s) in c.stops.iter().enumerate() {
        let (Some(lat), Some(lon)) = (s.lat, s.lon) else { continue };
        out.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "network": c.network, "stop": i + 1, "place": s.place, "name": s.name,
                "first_seen": s.first_seen, "last_seen": s.last_seen,
                "dwell_hours": s.dwell_hours, "documents": s.documents,
            },
        }));
    }
    out
}

/// Circuits as a GeoJSON FeatureCollection: a LineString per circuit and a Point per stop
/// (stops without coordinates are left out of the geometry).
pub fn write_geojson(report: &LinkReport, mut w: impl Write) -> io::Result<()> {
    let features: Vec<serde_json::Value> =
        report.circuits.iter().flat_map(circuit_features).collect();
    let doc = serde_json::json!({"type": "FeatureCollection", "features": features});
    serde_json::to_writer(&mut w, &doc)?;
    w.write_all(b"\n")
}
