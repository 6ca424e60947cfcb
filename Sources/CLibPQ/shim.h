#ifndef FEEDWATCH_CLIBPQ_SHIM_H
#define FEEDWATCH_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
