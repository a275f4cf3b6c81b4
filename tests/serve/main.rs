//! `capspec serve` and its library over real loopback sockets, against a real upstream (an
//! axum app that records what it receives): the catalog, validation, the proxy, faults on
//! both sides, reloads and shutdown of the binary, and the OpenAI Python SDK as a client.

mod attacks;
mod catalog;
mod cost;
mod faults;
mod forms;
mod lifecycle;
mod openai_sdk;
mod proxy;
mod routing;
mod support;
mod translate;
