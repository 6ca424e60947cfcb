#ifndef FEEDWATCH_CYAML_SHIM_H
#define FEEDWATCH_CYAML_SHIM_H
#include <yaml.h>
#endif
