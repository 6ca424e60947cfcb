#ifndef FEEDWATCH_CLIBXML2_SHIM_H
#define FEEDWATCH_CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU; its headers then pull in ICU's, which clash with
   Foundation's copy on a clean build ("'UErrorCode' has different definitions"). The parser never
   needs ICU, so switch it off before anything else from libxml2 is seen. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/hash.h>
#include <libxml/xmlIO.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>

/* xmlFree is a global function pointer; Swift 6 rejects it as shared mutable state. */
static inline void fw_xml_free(void *p) { xmlFree(p); }
#endif
