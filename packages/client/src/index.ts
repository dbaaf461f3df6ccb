// @eddy/client: The Eddy client library: producer, consumer (groups) and admin.
export {};
