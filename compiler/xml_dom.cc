#include "compiler/xml_dom.h"

#include <tinyxml2.h>

namespace paiban::reader {
namespace {

// tinyxml2's error ids in words a newsroom editor can act on. The markup scanner catches nearly
// everything first; these remain for what it lets through.
const char* XmlErrorMessage(tinyxml2::XMLError error) {
  switch (error) {
    case tinyxml2::XML_ERROR_PARSING_ELEMENT:
      return "an element's start tag is broken";
    case tinyxml2::XML_ERROR_PARSING_ATTRIBUTE:
      return "an attribute is broken (name=\"value\" expected)";
    case tinyxml2::XML_ERROR_PARSING_TEXT:
      return "text could not be read (a stray '<' or '&'?)";
    case tinyxml2::XML_ERROR_PARSING_CDATA:
      return "a CDATA section is not closed";
    case tinyxml2::XML_ERROR_PARSING_COMMENT:
      return "a comment is not closed";
    case tinyxml2::XML_ERROR_PARSING_DECLARATION:
      return "the XML declaration is broken";
    case tinyxml2::XML_ERROR_PARSING_UNKNOWN:
      return "an unknown construct starting with '<!'";
    case tinyxml2::XML_ERROR_EMPTY_DOCUMENT:
      return "the document is empty";
    case tinyxml2::XML_ERROR_MISMATCHED_ELEMENT:
      return "an end tag does not match its start tag";
    case tinyxml2::XML_ERROR_PARSING:
      return "the document ends inside an element, or has text after the root element";
    case tinyxml2::XML_ELEMENT_DEPTH_EXCEEDED:
      return "elements are nested too deeply";
    default:
      return "the document is not well-formed XML";
  }
}

}  // namespace

const char* XmlText::Value() const { return text_->Value(); }
int XmlText::GetLineNum() const { return text_->GetLineNum(); }

XmlNode XmlNode::NextSibling() const { return XmlNode(node_->NextSibling()); }
XmlText XmlNode::ToText() const { return XmlText(node_->ToText()); }
XmlElement XmlNode::ToElement() const { return XmlElement(node_->ToElement()); }
int XmlNode::GetLineNum() const { return node_->GetLineNum(); }

const char* XmlAttribute::Name() const { return attribute_->Name(); }
XmlAttribute XmlAttribute::Next() const { return XmlAttribute(attribute_->Next()); }

const char* XmlElement::Value() const { return element_->Value(); }
const char* XmlElement::Attribute(const char* name) const { return element_->Attribute(name); }
XmlAttribute XmlElement::FirstAttribute() const { return XmlAttribute(element_->FirstAttribute()); }
XmlNode XmlElement::FirstChild() const { return XmlNode(element_->FirstChild()); }
XmlElement XmlElement::FirstChildElement(const char* name) const {
  return XmlElement(element_->FirstChildElement(name));
}
XmlElement XmlElement::NextSiblingElement(const char* name) const {
  return XmlElement(element_->NextSiblingElement(name));
}
XmlElement XmlElement::ParentElement() const {
  const tinyxml2::XMLNode* parent = element_->Parent();
  return XmlElement(parent ? parent->ToElement() : nullptr);
}
int XmlElement::GetLineNum() const { return element_->GetLineNum(); }

XmlDocument::XmlDocument()
    : document_(std::make_unique<tinyxml2::XMLDocument>(/*processEntities=*/true,
                                                        tinyxml2::PRESERVE_WHITESPACE)) {}
XmlDocument::~XmlDocument() = default;

bool XmlDocument::Parse(std::string_view text) {
  document_->Parse(text.data(), text.size());
  return !document_->Error();
}
int XmlDocument::ErrorLineNum() const { return document_->ErrorLineNum(); }
const char* XmlDocument::ErrorMessage() const { return XmlErrorMessage(document_->ErrorID()); }
XmlElement XmlDocument::FirstChildElement() const {
  return XmlElement(document_->FirstChildElement());
}
XmlElement XmlDocument::RootElement() const { return XmlElement(document_->RootElement()); }

}  // namespace paiban::reader
