export * from './cache';
export { MemoryCache } from './memory-cache';
export { MemoryBus } from './memory-bus';
export { RedisCache } from './redis-cache';
export { RedisBus } from './redis-bus';
export { createCacheAndBus, type CacheAndBus } from './create-cache';
