#include "mgmt/xsd_writer.h"

#include "mgmt/codec_error.h"

namespace cmr::mgmt {
namespace {

void pad(std::string& out, int n) { out.append(static_cast<std::size_t>(n), ' '); }

std::string occurs(const field_desc& f) {
  std::string s;
  if (f.min != 1) s += " minOccurs=\"" + std::to_string(f.min) + "\"";
  if (f.max == unbounded) s += " maxOccurs=\"unbounded\"";
  else if (f.max != 1) s += " maxOccurs=\"" + std::to_string(f.max) + "\"";
  return s;
}

void write_structure(std::string& out, const structure_desc& d, int indent);

void write_field(std::string& out, const field_desc& f, int indent) {
  pad(out, indent);
  out += "<xs:element name=\"" + std::string(f.name) + "\"" + occurs(f);
  const auto simple = [&](const char* base, auto&& facets) {
    out += ">\n";
    pad(out, indent + 2);
    out += "<xs:simpleType>\n";
    pad(out, indent + 4);
    out += std::string("<xs:restriction base=\"") + base + "\">\n";
    facets(indent + 6);
    pad(out, indent + 4);
    out += "</xs:restriction>\n";
    pad(out, indent + 2);
    out += "</xs:simpleType>\n";
    pad(out, indent);
    out += "</xs:element>\n";
  };
  const auto facet = [&](int in, const std::string& name, const std::string& value) {
    pad(out, in);
    out += "<xs:" + name + " value=\"" + value + "\"/>\n";
  };
  switch (f.type) {
    case field_type::string:
      if (f.max_length == 0) {
        out += " type=\"xs:string\"/>\n";
      } else {
        simple("xs:string", [&](int in) { facet(in, "maxLength", std::to_string(f.max_length)); });
      }
      return;
    case field_type::integer: out += " type=\"xs:int\"/>\n"; return;
    case field_type::unsigned_int: out += " type=\"xs:unsignedInt\"/>\n"; return;
    case field_type::boolean: out += " type=\"xs:boolean\"/>\n"; return;
    case field_type::datetime: out += " type=\"xs:dateTime\"/>\n"; return;
    case field_type::money:
      simple("xs:decimal", [&](int in) {
        facet(in, "minInclusive", "0");
        facet(in, "fractionDigits", "4");
        facet(in, "totalDigits", "18");
      });
      return;
    case field_type::enumeration:
      simple("xs:string", [&](int in) {
        for (auto v : f.values) facet(in, "enumeration", std::string(v));
      });
      return;
    case field_type::structure:
      out += ">\n";
      write_structure(out, *f.nested, indent + 2);
      pad(out, indent);
      out += "</xs:element>\n";
      return;
  }
}

void write_structure(std::string& out, const structure_desc& d, int indent) {
  pad(out, indent);
  out += "<xs:complexType>\n";
  pad(out, indent + 2);
  out += "<xs:sequence>\n";
  for (const auto& f : d.fields) write_field(out, f, indent + 4);
  pad(out, indent + 2);
  out += "</xs:sequence>\n";
  pad(out, indent);
  out += "</xs:complexType>\n";
}

void write_root(std::string& out, const structure_desc& d) {
  out += "  <xs:element name=\"" + std::string(d.name) + "\">\n";
  write_structure(out, d, 4);
  out += "  </xs:element>\n";
}

}  // namespace

std::string write_xsd(const structure_desc* request, const structure_desc& response) {
  std::string out;
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<!-- Generated from mgmt/messages*.cpp by cmr-mgmt-xsd. "
         "Do not edit. -->\n";
  out += "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"\n";
  out += std::string("           targetNamespace=\"") + k_namespace + "\"\n";
  out += std::string("           xmlns=\"") + k_namespace + "\"\n";
  out += "           elementFormDefault=\"qualified\">\n";
  if (request != nullptr) write_root(out, *request);
  write_root(out, response);
  out += "</xs:schema>\n";
  return out;
}

}  // namespace cmr::mgmt
