// The XML tree the reader's DOM walk reads, as tinyxml2 builds it: takes the source's text (once
// the byte and markup stages found nothing wrong) and gives its elements, attributes and text, or
// tinyxml2's error in words. This is the reader's one user of tinyxml2 (xml_dom.cc includes it);
// the views below only forward to it, under tinyxml2's own names, so that the walk reads as it
// would on tinyxml2 itself. A view is a pointer: cheap to copy, null when there is no such node
// (it compares equal to nullptr then), and valid while its XmlDocument lives.
//
// Internal to compiler/ (reader.h is the reader's interface).
#ifndef PAIBAN_COMPILER_XML_DOM_H_
#define PAIBAN_COMPILER_XML_DOM_H_

#include <cstddef>
#include <memory>
#include <string_view>

namespace tinyxml2 {
class XMLAttribute;
class XMLDocument;
class XMLElement;
class XMLNode;
class XMLText;
}  // namespace tinyxml2

namespace paiban::reader {

class XmlElement;

// Text (or CDATA) in an element, entity references already replaced.
class XmlText {
 public:
  XmlText(std::nullptr_t = nullptr) {}  // NOLINT: converts from nullptr, as a pointer does
  explicit XmlText(const tinyxml2::XMLText* text) : text_(text) {}
  explicit operator bool() const { return text_ != nullptr; }
  bool operator==(std::nullptr_t) const { return text_ == nullptr; }

  const char* Value() const;
  // The line where the node, with any white space it starts with, begins.
  int GetLineNum() const;

 private:
  const tinyxml2::XMLText* text_ = nullptr;
};

// Any child of an element: an element, text, or a comment (neither of the others).
class XmlNode {
 public:
  XmlNode(std::nullptr_t = nullptr) {}  // NOLINT: converts from nullptr, as a pointer does
  explicit XmlNode(const tinyxml2::XMLNode* node) : node_(node) {}
  explicit operator bool() const { return node_ != nullptr; }
  bool operator==(std::nullptr_t) const { return node_ == nullptr; }

  XmlNode NextSibling() const;
  XmlText ToText() const;
  XmlElement ToElement() const;
  int GetLineNum() const;

 private:
  const tinyxml2::XMLNode* node_ = nullptr;
};

// An attribute of an element, in the order of the source.
class XmlAttribute {
 public:
  XmlAttribute(std::nullptr_t = nullptr) {}  // NOLINT: converts from nullptr, as a pointer does
  explicit XmlAttribute(const tinyxml2::XMLAttribute* attribute) : attribute_(attribute) {}
  explicit operator bool() const { return attribute_ != nullptr; }
  bool operator==(std::nullptr_t) const { return attribute_ == nullptr; }

  const char* Name() const;
  XmlAttribute Next() const;

 private:
  const tinyxml2::XMLAttribute* attribute_ = nullptr;
};

class XmlElement {
 public:
  XmlElement(std::nullptr_t = nullptr) {}  // NOLINT: converts from nullptr, as a pointer does
  explicit XmlElement(const tinyxml2::XMLElement* element) : element_(element) {}
  explicit operator bool() const { return element_ != nullptr; }
  bool operator==(std::nullptr_t) const { return element_ == nullptr; }
  bool operator==(const XmlElement& other) const { return element_ == other.element_; }
  // Which element this is, e.g. as a key of a map (the same for every view of it).
  const void* id() const { return element_; }

  // The element's name.
  const char* Value() const;
  // The value of the attribute `name`, or nullptr when the element has none.
  const char* Attribute(const char* name) const;
  XmlAttribute FirstAttribute() const;
  XmlNode FirstChild() const;
  // The first child element, or the first named `name`; the next sibling likewise.
  XmlElement FirstChildElement(const char* name = nullptr) const;
  XmlElement NextSiblingElement(const char* name = nullptr) const;
  // The parent when it is an element (not the document).
  XmlElement ParentElement() const;
  int GetLineNum() const;

 private:
  const tinyxml2::XMLElement* element_ = nullptr;
};

// A parsed document: entity references replaced (the scanner lets through only the five of XML
// and character references) and white space preserved (the reader applies the format's own rule).
class XmlDocument {
 public:
  XmlDocument();
  ~XmlDocument();
  XmlDocument(const XmlDocument&) = delete;
  XmlDocument& operator=(const XmlDocument&) = delete;

  // Parses `text` (tinyxml2 keeps a copy); false when tinyxml2 found an error.
  bool Parse(std::string_view text);
  // The line of the error, and what it is in words a newsroom editor can act on.
  int ErrorLineNum() const;
  const char* ErrorMessage() const;
  XmlElement FirstChildElement() const;
  XmlElement RootElement() const;

 private:
  std::unique_ptr<tinyxml2::XMLDocument> document_;
};

}  // namespace paiban::reader

#endif  // PAIBAN_COMPILER_XML_DOM_H_
