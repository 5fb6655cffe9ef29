// Everything a plugin library includes from the engine.
#pragma once

#include "event_engine/api_version.hpp"
#include "event_engine/atomic_file_write.hpp"
#include "event_engine/broker.hpp"
#include "event_engine/config_error.hpp"
#include "event_engine/config_reader.hpp"
#include "event_engine/copy_on_write_table.hpp"
#include "event_engine/event_batch.hpp"
#include "event_engine/export.hpp"
#include "event_engine/factories.hpp"
#include "event_engine/manifest.hpp"
#include "event_engine/metrics.hpp"
#include "event_engine/model.hpp"
#include "event_engine/model_view.hpp"
#include "event_engine/plugin_context.hpp"
#include "event_engine/store.hpp"
#include "event_engine/visualiser.hpp"
