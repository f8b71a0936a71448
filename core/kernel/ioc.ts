import 'reflect-metadata';
import { Container } from 'inversify';

/**
 * The one container of a server process. tsoa's generated routes import it (as `iocContainer`) and
 * resolve a controller per request, so controllers must be bound in transient scope.
 */
export const iocContainer = new Container({ defaultScope: 'Singleton' });
