#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
// libcurl is loaded on first use (dlopen) rather than linked: its ~40 shared libraries cost every
// git-llm process about 3 ms at start, and most runs (hooks, search, index) never make a request.
// Only curl's types and constants come from its header.
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

typedef struct {
  void *library;
  const char *error;
  CURLcode (*global_init)(long);
  CURL *(*easy_init)(void);
  CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
  CURLcode (*easy_perform)(CURL *);
  void (*easy_cleanup)(CURL *);
  const char *(*easy_strerror)(CURLcode);
  struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
  void (*slist_free_all)(struct curl_slist *);
  curl_version_info_data *(*version_info)(CURLversion);
} ccurl_api_table;

// The table lives in function-local statics of a static inline function: Swift's importer emits
// such functions into each object file that uses them (it emits no C globals from a header), so
// each copy loads its own table once, under its own lock; dlopen counts references, so all copies
// share one loaded libcurl.
static inline ccurl_api_table *ccurl_api(void) {
  static ccurl_api_table table;
  static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  static int loaded;
  if (__atomic_load_n(&loaded, __ATOMIC_ACQUIRE)) return &table;
  pthread_mutex_lock(&lock);
  if (!loaded) {
    void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!lib) lib = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      table.error = dlerror();
    } else {
      table.library = lib;
#define CCURL_BIND(field, name)                                              \
      *(void **)(&table.field) = dlsym(lib, name);                          \
      if (!table.field && !table.error) table.error = "libcurl lacks " name;
      CCURL_BIND(global_init, "curl_global_init")
      CCURL_BIND(easy_init, "curl_easy_init")
      CCURL_BIND(easy_setopt, "curl_easy_setopt")
      CCURL_BIND(easy_getinfo, "curl_easy_getinfo")
      CCURL_BIND(easy_perform, "curl_easy_perform")
      CCURL_BIND(easy_cleanup, "curl_easy_cleanup")
      CCURL_BIND(easy_strerror, "curl_easy_strerror")
      CCURL_BIND(slist_append, "curl_slist_append")
      CCURL_BIND(slist_free_all, "curl_slist_free_all")
      CCURL_BIND(version_info, "curl_version_info")
#undef CCURL_BIND
      if (table.error) table.library = NULL;
    }
    __atomic_store_n(&loaded, 1, __ATOMIC_RELEASE);
  }
  pthread_mutex_unlock(&lock);
  return &table;
}

/// Loads libcurl once; NULL when it is available, else why not (dlerror's text).
static inline const char *ccurl_load(void) {
  ccurl_api_table *api = ccurl_api();
  return api->library ? NULL : (api->error ? api->error : "libcurl not loaded");
}

// Callers check ccurl_load() first; these then call straight through the table.
static inline CURLcode ccurl_global_init(long flags) { return ccurl_api()->global_init(flags); }
static inline CURL *ccurl_easy_init(void) { return ccurl_api()->easy_init(); }
static inline CURLcode ccurl_easy_perform(CURL *h) { return ccurl_api()->easy_perform(h); }
static inline void ccurl_easy_cleanup(CURL *h) { ccurl_api()->easy_cleanup(h); }
static inline const char *ccurl_easy_strerror(CURLcode c) { return ccurl_api()->easy_strerror(c); }
static inline struct curl_slist *ccurl_slist_append(struct curl_slist *l, const char *s) { return ccurl_api()->slist_append(l, s); }
static inline void ccurl_slist_free_all(struct curl_slist *l) { ccurl_api()->slist_free_all(l); }
static inline curl_version_info_data *ccurl_version_info(CURLversion v) { return ccurl_api()->version_info(v); }

// curl_easy_setopt and curl_easy_getinfo are variadic: one typed wrapper per argument type.
static inline CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return ccurl_api()->easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return ccurl_api()->easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_string(CURL *h, CURLoption o, const char *v) { return ccurl_api()->easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_pointer(CURL *h, CURLoption o, void *v) { return ccurl_api()->easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return ccurl_api()->easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_write(CURL *h, CURLoption o, curl_write_callback v) { return ccurl_api()->easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_xferinfo(CURL *h, CURLoption o, curl_xferinfo_callback v) { return ccurl_api()->easy_setopt(h, o, v); }
static inline CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *v) { return ccurl_api()->easy_getinfo(h, i, v); }
static inline CURLcode ccurl_getinfo_double(CURL *h, CURLINFO i, double *v) { return ccurl_api()->easy_getinfo(h, i, v); }
static inline CURLcode ccurl_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return ccurl_api()->easy_getinfo(h, i, v); }
static inline CURLcode ccurl_getinfo_string(CURL *h, CURLINFO i, char **v) { return ccurl_api()->easy_getinfo(h, i, v); }
#endif
