// PIDF (RFC 3863) + RPID (RFC 4480) + PIDF-LO (RFC 4119 / 5491) decoding:
// bodies shaped like what presence servers and clients send, and bad input.
#include <gtest/gtest.h>

#include <string>

#include "sip/presence/pidf.h"

namespace cmr::sip::presence {
namespace {

// Two tuples, a person with RPID activities, prefixes as Kamailio's
// presence_xml aggregation writes them.
const char* k_aggregated = R"(<?xml version="1.0" encoding="UTF-8"?>
<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
          xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:491700000001@example.org">
  <tuple id="t1"><status><basic>open</basic></status><contact>sip:ue1@10.0.0.1</contact></tuple>
  <tuple id="t2"><status><basic>closed</basic></status></tuple>
  <dm:person id="p1">
    <rpid:activities><rpid:note>In a call</rpid:note><rpid:on-the-phone/></rpid:activities>
    <dm:note>busy</dm:note>
  </dm:person>
</presence>)";

TEST(Pidf, TuplesAndPersonActivities) {
  auto d = parse_pidf(k_aggregated);
  ASSERT_TRUE(d) << d.error().reason;
  EXPECT_EQ(d->entity, "sip:491700000001@example.org");
  ASSERT_EQ(d->tuple_basics.size(), 2U);
  EXPECT_EQ(d->tuple_basics[0], basic_status::open);
  EXPECT_EQ(d->tuple_basics[1], basic_status::closed);
  ASSERT_EQ(d->activities.size(), 1U);  // the note is no activity
  EXPECT_EQ(d->activities[0], "on-the-phone");
  EXPECT_TRUE(d->locations.empty());
}

// What Kamailio 5.6 presence_xml sent to the watcher for a PUBLISH of the
// integration test (re-indented by Kamailio's libxml2, whitespace text nodes).
const char* k_kamailio_notify = R"(<?xml version="1.0" encoding="UTF-8"?>
<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" xmlns:ca="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr" entity="sip:491700000001@example.org">
  <tuple id="t1">
    <status>
      <basic>open</basic>
    </status>
  </tuple>
  <dm:person id="p1">
    <rpid:activities>
      <rpid:meeting/>
    </rpid:activities>
    <gp:geopriv>
      <gp:location-info>
        <ca:civicAddress>
          <ca:country>DE</ca:country>
          <ca:A1>Berlin</ca:A1>
          <ca:A3>Berlin</ca:A3>
          <ca:A6>Unter den Linden</ca:A6>
        </ca:civicAddress>
      </gp:location-info>
    </gp:geopriv>
  </dm:person>
</presence>
)";

TEST(Pidf, KamailioAggregatedNotify) {
  auto d = parse_pidf(k_kamailio_notify);
  ASSERT_TRUE(d) << d.error().reason;
  EXPECT_EQ(d->tuple_basics, std::vector<basic_status>{basic_status::open});
  EXPECT_EQ(d->activities, std::vector<std::string>{"meeting"});
  ASSERT_EQ(d->locations.size(), 1U);
  EXPECT_EQ(d->locations[0].civic.at("A6"), "Unter den Linden");
  EXPECT_EQ(d->locations[0].civic.size(), 4U);
}

TEST(Pidf, NamespacesMatchByUriNotPrefix) {
  // Other prefixes, the PIDF namespace bound to a prefix, RPID as default
  // namespace inside the person.
  const char* body = R"(<p:presence xmlns:p="urn:ietf:params:xml:ns:pidf" entity="pres:a@b">
    <p:tuple id="x"><p:status><p:basic>closed</p:basic></p:status></p:tuple>
    <pd:person xmlns:pd="urn:ietf:params:xml:ns:pidf:data-model" id="y">
      <activities xmlns="urn:ietf:params:xml:ns:pidf:rpid"><meeting/><away/></activities>
    </pd:person></p:presence>)";
  auto d = parse_pidf(body);
  ASSERT_TRUE(d) << d.error().reason;
  ASSERT_EQ(d->tuple_basics.size(), 1U);
  EXPECT_EQ(d->tuple_basics[0], basic_status::closed);
  EXPECT_EQ(d->activities, (std::vector<std::string>{"meeting", "away"}));
}

TEST(Pidf, WrongNamespacesAreNotPidf) {
  // The usual prefixes bound to other URIs: neither the root nor the
  // activities count.
  EXPECT_FALSE(parse_pidf(R"(<presence xmlns="urn:example:not-pidf"><tuple/></presence>)"));
  EXPECT_FALSE(parse_pidf(R"(<presence><tuple id="a"/></presence>)"));
  auto d = parse_pidf(R"(<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:rpid="urn:example:x">
      <tuple id="a"><status><basic>open</basic></status></tuple>
      <rpid:activities><rpid:busy/></rpid:activities></presence>)");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->activities.empty());
  // An unbound prefix is no namespace at all.
  auto u = parse_pidf(R"(<presence xmlns="urn:ietf:params:xml:ns:pidf"><x:activities><x:busy/></x:activities></presence>)");
  if (u) {
    EXPECT_TRUE(u->activities.empty());
  }
}

TEST(Pidf, ActivitiesInsideTupleStatusCount) {
  // Older clients (RFC 4480 allows it on tuples) put them into the status.
  auto d = parse_pidf(R"(<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b"
      xmlns:r="urn:ietf:params:xml:ns:pidf:rpid"><tuple id="1"><status><basic>open</basic>
      <r:activities><r:busy/></r:activities></status></tuple></presence>)");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->activities, std::vector<std::string>{"busy"});
}

// PIDF-LO, civic (RFC 4119 / 5139), in the person element as RFC 5491 recommends.
const char* k_civic = R"(<?xml version="1.0"?>
<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"
    xmlns:ca="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr"
    xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" entity="pres:491700000001@example.org">
  <dm:person id="p">
    <gp:geopriv>
      <gp:location-info>
        <ca:civicAddress xml:lang="de">
          <ca:country>DE</ca:country>
          <ca:A1> Bayern </ca:A1>
          <ca:A3>M&#xFC;nchen</ca:A3>
          <ca:A6>Marienplatz</ca:A6>
          <ca:HNO>1</ca:HNO>
          <ca:PC>80331</ca:PC>
        </ca:civicAddress>
      </gp:location-info>
      <gp:usage-rules><gp:retransmission-allowed>no</gp:retransmission-allowed></gp:usage-rules>
    </gp:geopriv>
  </dm:person>
</presence>)";

TEST(Pidf, CivicAddress) {
  auto d = parse_pidf(k_civic);
  ASSERT_TRUE(d) << d.error().reason;
  ASSERT_EQ(d->locations.size(), 1U);
  const auto& c = d->locations[0].civic;
  EXPECT_EQ(c.at("country"), "DE");
  EXPECT_EQ(c.at("A1"), "Bayern");
  EXPECT_EQ(c.at("A3"), "M\xC3\xBCnchen");
  EXPECT_EQ(c.at("PC"), "80331");
  EXPECT_FALSE(d->locations[0].point);
  EXPECT_TRUE(d->tuple_basics.empty());
}

TEST(Pidf, GeodeticPointAndCircle) {
  const char* point = R"(<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="pres:a@b">
    <tuple id="t"><status><basic>open</basic>
      <geopriv xmlns="urn:ietf:params:xml:ns:pidf:geopriv10"><location-info>
        <Point xmlns="http://www.opengis.net/gml" srsName="urn:ogc:def:crs:EPSG::4326">
          <pos>48.1372 11.5756</pos></Point>
      </location-info></geopriv></status></tuple></presence>)";
  auto d = parse_pidf(point);
  ASSERT_TRUE(d) << d.error().reason;
  ASSERT_EQ(d->locations.size(), 1U);
  ASSERT_TRUE(d->locations[0].point);
  EXPECT_DOUBLE_EQ(d->locations[0].point->latitude, 48.1372);
  EXPECT_DOUBLE_EQ(d->locations[0].point->longitude, 11.5756);
  EXPECT_EQ(d->locations[0].point->radius_m, 0);

  const char* circle = R"(<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="pres:a@b"
      xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" xmlns:gml="http://www.opengis.net/gml"
      xmlns:gs="http://www.opengis.net/pidflo/1.0" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model">
    <dm:device id="d"><gp:geopriv><gp:location-info>
      <gs:Circle srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>52.5200 13.4050 34</gml:pos>
        <gs:radius uom="urn:ogc:def:uom:EPSG::9001">850</gs:radius></gs:Circle>
    </gp:location-info></gp:geopriv><dm:deviceID>mac:1</dm:deviceID></dm:device></presence>)";
  d = parse_pidf(circle);
  ASSERT_TRUE(d) << d.error().reason;
  ASSERT_EQ(d->locations.size(), 1U);
  ASSERT_TRUE(d->locations[0].point);
  EXPECT_DOUBLE_EQ(d->locations[0].point->latitude, 52.52);
  EXPECT_DOUBLE_EQ(d->locations[0].point->radius_m, 850);
}

TEST(Pidf, BadShapesAreIgnoredNotFatal) {
  // Out of range, not numbers, a radius in feet, a polygon: the document
  // parses, the location has no point.
  for (const char* inner :
       {"<gml:Point><gml:pos>91 10</gml:pos></gml:Point>",
        "<gml:Point><gml:pos>north east</gml:pos></gml:Point>",
        "<gml:Point><gml:pos>1</gml:pos></gml:Point>",
        "<gs:Circle><gml:pos>1 2</gml:pos><gs:radius uom=\"urn:ogc:def:uom:EPSG::9002\">3</gs:radius></gs:Circle>",
        "<gs:Circle><gml:pos>1 2</gml:pos><gs:radius>-3</gs:radius></gs:Circle>",
        "<gml:Polygon><gml:exterior><gml:LinearRing><gml:pos>1 2</gml:pos></gml:LinearRing></gml:exterior></gml:Polygon>"}) {
    const std::string body =
        std::string(R"(<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" xmlns:gml="http://www.opengis.net/gml" xmlns:gs="http://www.opengis.net/pidflo/1.0"><tuple id="t"><status><gp:geopriv><gp:location-info>)") +
        inner + "</gp:location-info></gp:geopriv></status></tuple></presence>";
    auto d = parse_pidf(body);
    ASSERT_TRUE(d) << inner << ": " << d.error().reason;
    ASSERT_EQ(d->locations.size(), 1U) << inner;
    EXPECT_FALSE(d->locations[0].point) << inner;
  }
}

TEST(Pidf, MissingParts) {
  // A presence with nothing in it, a tuple without status, a basic with
  // something else in it.
  auto d = parse_pidf(R"(<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b"/>)");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->tuple_basics.empty() && d->activities.empty() && d->locations.empty());
  d = parse_pidf(R"(<presence xmlns="urn:ietf:params:xml:ns:pidf"><tuple id="1"><contact>sip:x@y</contact></tuple><tuple id="2"><status><basic>maybe</basic></status></tuple></presence>)");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->tuple_basics.empty());
}

TEST(Pidf, BrokenXmlIsRefused) {
  for (const char* body :
       {"", "<", "not xml at all", "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\">",
        "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"><tuple></presence>",
        "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"></presence><second/>",
        "\x00\x01\x02", "<?xml version=\"1.0\"?>"}) {
    auto d = parse_pidf(body);
    EXPECT_FALSE(d) << "accepted: " << body;
  }
}

TEST(Pidf, HugeAndDeepBodiesAreRefused) {
  std::string big = "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\">";
  while (big.size() < 70000) big += "<tuple id=\"t\"><status><basic>open</basic></status></tuple>";
  big += "</presence>";
  auto d = parse_pidf(big);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().reason.find("over the limit"), std::string::npos);
  // Under a higher limit it parses.
  EXPECT_TRUE(parse_pidf(big, 1 << 20));

  std::string deep = "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\">";
  for (int i = 0; i < 5000; ++i) deep += "<a>";
  for (int i = 0; i < 5000; ++i) deep += "</a>";
  deep += "</presence>";
  d = parse_pidf(deep);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().reason.find("deeper"), std::string::npos);

  std::string wide = "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\">";
  for (int i = 0; i < 12000; ++i) wide += "<a/>";
  wide += "</presence>";
  d = parse_pidf(wide);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().reason.find("elements"), std::string::npos);
}

TEST(Pidf, EntitiesAreNotExpanded) {
  // Billion laughs and an external entity: pugixml defines no DTD
  // entities, so the references stay text (or the document is refused);
  // nothing is expanded, nothing is read.
  const char* laughs = R"(<?xml version="1.0"?>
<!DOCTYPE presence [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:ca="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr"
  xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"><tuple id="t"><status><basic>open</basic>
  <gp:geopriv><gp:location-info><ca:civicAddress><ca:country>&c;</ca:country><ca:A1>&xxe;</ca:A1>
  </ca:civicAddress></gp:location-info></gp:geopriv></status></tuple></presence>)";
  auto d = parse_pidf(laughs);
  if (d) {
    ASSERT_EQ(d->locations.size(), 1U);
    for (const auto& [k, v] : d->locations[0].civic) {
      EXPECT_LT(v.size(), 16U) << k << " expanded to " << v.size() << " bytes";
      EXPECT_EQ(v.find("root:"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace cmr::sip::presence
